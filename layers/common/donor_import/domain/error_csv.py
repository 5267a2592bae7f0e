"""All the rejected rows (or all the warnings) of an import as a gzipped CSV, for imports with more than an error
workbook holds: the same columns as the workbook's sheet."""

import csv
import gzip
from collections.abc import Callable, Iterable, Iterator

from .error_workbook import FORMULA_STARTS, WARNINGS_HEADING, Layout, warning_row


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula starts with an apostrophe, which shows it as text (OWASP)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class ErrorCsv:
    """Rows written as they pass (`passing`), so one read of the rejected rows (or warnings) fills a workbook's
    sheet and the CSV."""

    def __init__(self, path: str, heading: list[str], row_of: Callable[[dict], list]):
        self.row_of = row_of
        self.file = gzip.open(path, "wt", encoding="utf-8", newline="", compresslevel=6)  # noqa: SIM115 - see __exit__
        self.writer = csv.writer(self.file)
        self.writer.writerow([_safe(h) for h in heading])
        self.count = 0

    @classmethod
    def of_rejected_rows(cls, path: str, headers: list[str]) -> "ErrorCsv":
        layout = Layout.of(headers)

        def row_of(entry: dict) -> list:
            row, cells, reason = layout.values(entry)
            return [row, *cells, reason]
        return cls(path, layout.heading, row_of)

    @classmethod
    def of_warnings(cls, path: str, labels: dict[str, str]) -> "ErrorCsv":
        return cls(path, WARNINGS_HEADING, lambda entry: warning_row(entry, labels))

    def passing(self, entries: Iterable[dict]) -> Iterator[dict]:
        for entry in entries:
            self.writer.writerow([_safe(c) if isinstance(c, str) else c for c in self.row_of(entry)])
            self.count += 1
            yield entry

    def __enter__(self) -> "ErrorCsv":
        return self

    def __exit__(self, *_exc) -> None:
        self.file.close()
