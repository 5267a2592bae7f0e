"""All the rejected rows of an import as a gzipped CSV, for imports with more than an error workbook holds: the
same columns as the workbook's."""

import csv
import gzip
from collections.abc import Iterable, Iterator

from .error_workbook import FORMULA_STARTS, Layout


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula starts with an apostrophe, which shows it as text (OWASP)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class ErrorCsv:
    """Rows written as they pass (`passing`), so one read of the rejected rows fills a workbook and the CSV."""

    def __init__(self, path: str, headers: list[str]):
        self.layout = Layout.of(headers)
        self.file = gzip.open(path, "wt", encoding="utf-8", newline="", compresslevel=6)  # noqa: SIM115 - see __exit__
        self.writer = csv.writer(self.file)
        self.writer.writerow([_safe(h) for h in self.layout.heading])
        self.count = 0

    def passing(self, rejected: Iterable[dict]) -> Iterator[dict]:
        for entry in rejected:
            row, cells, reason = self.layout.values(entry)
            self.writer.writerow([row, *(_safe(c) for c in cells), _safe(reason)])
            self.count += 1
            yield entry

    def __enter__(self) -> "ErrorCsv":
        return self

    def __exit__(self, *_exc) -> None:
        self.file.close()
