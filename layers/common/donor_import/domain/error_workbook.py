"""The error workbook: rejected rows with their original headers and values, a row number and a reason."""

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .mapping import WORKBOOK_COLUMNS

ROW_COLUMN, REASON_COLUMN = WORKBOOK_COLUMNS
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # stored as text: a spreadsheet must never run it as a formula
    return cell


def write(path: str, headers: list[str], rejected: Iterable[dict]) -> int:
    """Write rows {row, cells, reason} to an xlsx file in write-only mode; returns how many were written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Rejected rows")
    bold = Font(bold=True)
    heading = [WriteOnlyCell(sheet, value=h) for h in [ROW_COLUMN, *headers, REASON_COLUMN]]
    for cell in heading:
        cell.font = bold
    sheet.append(heading)
    count = 0
    for entry in rejected:
        cells = list(entry["cells"]) + [""] * (len(headers) - len(entry["cells"]))
        sheet.append([entry["row"], *(_text_cell(sheet, str(c)) for c in cells[: len(headers)]),
                      _text_cell(sheet, entry["reason"])])
        count += 1
    book.save(path)
    return count
