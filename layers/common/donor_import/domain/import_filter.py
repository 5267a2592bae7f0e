"""What Past imports is filtered by: a file-name substring, a type, a status and a range of days."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from .ids import first_id_at, last_id_at


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
    def id_range(self) -> tuple[str, str] | None:
        """The first and last import ids the range of days takes (ids sort by the millisecond they were made in,
        which is the import's created_at): from the first made at midnight of from_day to the last made in the
        last millisecond of to_day; None without a range."""
        if not (self.from_day or self.to_day):
            return None
        return (first_id_at(datetime.combine(self.from_day or date.min, time.min, UTC)),
                last_id_at(datetime.combine(self.to_day or date.max, time.max, UTC)))


NO_FILTER = ImportFilter()
