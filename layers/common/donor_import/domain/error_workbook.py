"""The error workbook: rejected rows with their original headers and values, a row number and a reason."""

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from .mapping import WORKBOOK_COLUMNS

ROW_COLUMN, REASON_COLUMN = WORKBOOK_COLUMNS
ABOUT_SHEET = "About"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # stored as text: a spreadsheet must never run it as a formula
    return cell


def write(path: str, headers: list[str], rejected: Iterable[dict], about: dict | None = None) -> int:
    """Write rows {row, cells, reason} to an xlsx file in write-only mode; returns how many were written.

    `about` (the import it comes from) goes on a second sheet, so a corrected workbook uploaded again
    says which import it corrects."""
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
    if about:
        info = book.create_sheet(ABOUT_SHEET)
        info.append(["This workbook lists the rows an import rejected. Correct them and upload the workbook "
                     "again as a new import of the same type: the reason column is ignored."])
        for key, value in about.items():
            info.append([key, str(value)])
    book.save(path)
    return count


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
