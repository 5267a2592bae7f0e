"""A workbook too big to hold in memory is streamed with openpyxl's read-only mode: it reads to the same
table as calamine does."""

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from donor_import.domain import reader
from donor_import.domain.reader import UnreadableFile, read_table


def workbook(path, first_sheet_empty=False) -> str:
    book = Workbook(write_only=True)
    if first_sheet_empty:
        book.create_sheet("Empty")
    sheet = book.create_sheet("Donors")
    sheet.append(["Gift export"])
    sheet.append([])
    sheet.append(["Email", "ZIP", "Phone", "Gift Date", "Amount", "Joined"])
    for n in range(300):
        sheet.append([f"d{n}@example.org", f"{n:05d}", 4915112345678 + n, date(2026, 1, n % 28 + 1),
                      10.5 + n, datetime(2020, 5, 17, 9, 30)])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["last@example.org", "00001", None, 45382, 7, None])
    book.save(path)
    return str(path)


def table_of(path, in_memory_bytes: int = reader.XLSX_IN_MEMORY_BYTES) -> tuple:
    table = read_table(path, "gifts.xlsx", in_memory_bytes=in_memory_bytes)
    return table.headers, table.header_row, list(table.rows)


@pytest.mark.parametrize("first_sheet_empty", [False, True])
def test_streamed_and_in_memory_reads_agree(tmp_path, first_sheet_empty):
    path = workbook(tmp_path / "gifts.xlsx", first_sheet_empty)
    in_memory = table_of(path)
    streamed = table_of(path, in_memory_bytes=0)
    assert streamed == in_memory
    headers, header_row, rows = streamed
    assert (headers[:2], header_row, len(rows)) == (["Email", "ZIP"], 3, 301)
    assert rows[0] == (4, ["d0@example.org", "00000", "4915112345678", "2026-01-01", "10.5", "2020-05-17 09:30:00"])
    assert rows[-1][0] == 305  # the blank row is skipped, the numbering is the sheet's


def test_a_streamed_workbook_broken_inside_fails_as_unreadable(tmp_path):
    import zipfile

    good = workbook(tmp_path / "good.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # the sheet's XML ends in the middle of a row
            target.writestr(item, data)
    with pytest.raises(UnreadableFile, match="not a readable XLSX"):
        list(read_table(str(broken), "broken.xlsx", in_memory_bytes=0).rows)
