"""What Past imports is filtered by: a file-name substring, a type, a status and a range of days."""

from dataclasses import dataclass
from datetime import date, timedelta


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
    def created_from(self) -> str | None:
        """The earliest created_at the range takes (created_at strings sort as times)."""
        return self.from_day.isoformat() if self.from_day else None

    @property
    def created_before(self) -> str | None:
        """created_at of every import the range takes is below this (the day after its last)."""
        return (self.to_day + timedelta(days=1)).isoformat() if self.to_day else None


NO_FILTER = ImportFilter()
