"""The error workbook: rejected rows with their original headers and values, a row number and a reason."""

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from .mapping import WORKBOOK_COLUMNS
from .reader import MAX_CELL

ROW_COLUMN, REASON_COLUMN = WORKBOOK_COLUMNS
ABOUT_SHEET = "About"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL]  # no control characters (\x0b…) nor overlong cells
    cell = WriteOnlyCell(sheet, value=value)
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # stored as text: a spreadsheet must never run it as a formula
    return cell


def _original_row(entry: dict, cells: list, row_at: int | None) -> int:
    """The row number in the very first file: a corrected workbook carries it in its own column."""
    if row_at is not None and str(cells[row_at]).strip().isdigit():
        return int(str(cells[row_at]).strip())
    return entry["row"]


def write(path: str, headers: list[str], rejected: Iterable[dict], about: dict | None = None) -> int:
    """Write rows {row, cells, reason} to an xlsx file in write-only mode; returns how many were written.

    `about` (the import it comes from) goes on a second sheet, so a corrected workbook uploaded again
    says which import it corrects."""
    keep = [i for i, h in enumerate(headers) if h not in WORKBOOK_COLUMNS]
    row_at = headers.index(ROW_COLUMN) if ROW_COLUMN in headers else None
    headers = [headers[i] for i in keep]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Rejected rows")
    bold = Font(bold=True)
    heading = [_text_cell(sheet, h) for h in [ROW_COLUMN, *headers, REASON_COLUMN]]  # a header can look like =…
    for cell in heading:
        cell.font = bold
    sheet.append(heading)
    count = 0
    for entry in rejected:
        cells = list(entry["cells"]) + [""] * (len(keep) + 2 - len(entry["cells"]))
        sheet.append([_original_row(entry, cells, row_at), *(_text_cell(sheet, str(cells[i])) for i in keep),
                      _text_cell(sheet, entry["reason"])])
        count += 1
    if about:
        info = book.create_sheet(ABOUT_SHEET)
        info.append(["This workbook lists the rows an import rejected. Correct them and upload the workbook "
                     "again as a new import of the same type: the reason column is ignored."])
        for key, value in about.items():
            info.append([_text_cell(info, str(key)), _text_cell(info, str(value))])
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
