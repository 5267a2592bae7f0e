"""The error workbook: rejected rows with their original headers and values, a row number and a reason; and a
Warnings sheet of the values accepted rows were imported without, or read as a value nobody saw them read as (row,
field, value, what it was imported as, why)."""

from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from python_calamine import CalamineWorkbook

from .mapping import WORKBOOK_COLUMNS
from .reader import MAX_CELL
from .xlsx_writer import XlsxWriter

ROW_COLUMN, REASON_COLUMN = WORKBOOK_COLUMNS
ABOUT_SHEET = "About"
WARNINGS_SHEET = "Warnings"
WARNINGS_HEADING = ["Row in original file", "Field", "Value", "Imported as", "Why"]
LEFT_OUT = "(left out)"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """No control characters (\x0b…) nor overlong cells; inline strings are never formulas."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL]


@dataclass(frozen=True)
class Layout:
    """The columns of a list of rejected rows: the row number, the file's own columns (but the reason and row
    columns of a corrected workbook, which are written afresh), the reason."""

    keep: list[int]
    row_at: int | None
    heading: list[str]

    @classmethod
    def of(cls, headers: list[str]) -> "Layout":
        keep = [i for i, h in enumerate(headers) if h not in WORKBOOK_COLUMNS]
        row_at = headers.index(ROW_COLUMN) if ROW_COLUMN in headers else None
        return cls(keep, row_at, [ROW_COLUMN, *(headers[i] for i in keep), REASON_COLUMN])

    def values(self, entry: dict) -> tuple[int, list[str], str]:
        """(row number in the very first file, the kept cells, the reason) of a rejected row {row, cells, reason}."""
        cells = list(entry["cells"]) + [""] * (len(self.keep) + 2 - len(entry["cells"]))
        return self._original_row(entry, cells), [str(cells[i]) for i in self.keep], entry["reason"]

    def _original_row(self, entry: dict, cells: list) -> int:
        """A corrected workbook carries the row number of the first file in its own column."""
        if self.row_at is not None and str(cells[self.row_at]).strip().isdigit():
            return int(str(cells[self.row_at]).strip())
        return entry["row"]


def write(path: str, headers: list[str], rejected: Iterable[dict], about: dict | None = None,
          warnings: Iterable[dict] | None = None, labels: dict[str, str] | None = None) -> int:
    """Write rows {row, cells, reason} to an xlsx file, streaming; returns how many were written.

    `warnings` ({row, field, value, reason}, the field named by its label in `labels`) go on a Warnings sheet
    after it. `about` (the import it comes from) goes on the last sheet, so a corrected workbook uploaded again
    says which import it corrects."""
    layout = Layout.of(headers)
    book = XlsxWriter(path)

    def rows():
        yield [_text(h) for h in layout.heading]  # a header can look like =… too
        for entry in rejected:
            row, cells, reason = layout.values(entry)
            yield [row, *(_text(c) for c in cells), _text(reason)]

    count = book.add_sheet("Rejected rows", rows(), bold_first=True) - 1
    if warnings is not None:
        book.add_sheet(WARNINGS_SHEET, _warning_rows(warnings, labels or {}), bold_first=True)
    if about:
        book.add_sheet(ABOUT_SHEET, [
            ["This workbook lists the rows an import rejected. Correct them and upload the workbook "
             "again as a new import of the same type: the reason column is ignored."],
            *([_text(str(key)), _text(str(value))] for key, value in about.items()),
        ])
    book.close()
    return count


def warning_row(entry: dict, labels: dict[str, str]) -> list:
    """A warning {row, field, value, reason, imported_as} as the Warnings sheet lists it: the field by its label.
    A warning written before imported_as was recorded is one of a value left out."""
    imported_as = entry.get("imported_as")
    return [entry["row"], labels.get(entry["field"], entry["field"]), _text(entry["value"]),
            LEFT_OUT if imported_as is None else _text(imported_as), _text(entry["reason"])]


def _warning_rows(warnings: Iterable[dict], labels: dict[str, str]):
    yield WARNINGS_HEADING
    for entry in warnings:
        yield warning_row(entry, labels)


def about(path: str) -> dict | None:
    """What the About sheet of an error workbook says, or None for any other file."""
    try:
        workbook = CalamineWorkbook.from_path(path)
        if ABOUT_SHEET not in workbook.sheet_names:
            return None
        rows = workbook.get_sheet_by_name(ABOUT_SHEET).to_python()
    except Exception:  # not a workbook at all: the reader says why, not this
        return None
    return {str(row[0]): str(row[1]) for row in rows[1:] if len(row) >= 2 and row[0]}
