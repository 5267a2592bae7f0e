"""What Past imports is filtered by: a file-name substring, a type, a status and a range of days."""

from dataclasses import dataclass
from datetime import date, timedelta

from .import_record import Import


def search_text(text: str) -> str:
    """A file name or a search as they are compared: case does not matter."""
    return text.casefold()


@dataclass(frozen=True)
class ImportFilter:
    text: str = ""  # in the file name, any case
    import_type: str = ""
    status: str = ""
    from_day: date | None = None  # the first and last days (UTC) the import was created on
    to_day: date | None = None

    @property
    def is_empty(self) -> bool:
        return self == NO_FILTER

    @property
    def created_from(self) -> str | None:
        """The earliest created_at the range takes (created_at strings sort as times)."""
        return self.from_day.isoformat() if self.from_day else None

    @property
    def created_before(self) -> str | None:
        """created_at of every import the range takes is below this (the day after its last)."""
        return (self.to_day + timedelta(days=1)).isoformat() if self.to_day else None

    def matches(self, record: Import) -> bool:
        created = record.created_at or ""
        return ((not self.text or search_text(self.text) in search_text(record.file_name))
                and (not self.import_type or record.import_type == self.import_type)
                and (not self.status or record.status == self.status)
                and (not self.created_from or created >= self.created_from)
                and (not self.created_before or created < self.created_before))


NO_FILTER = ImportFilter()
