"""The error workbook: rejected rows with their original headers, row number and reason; never a live formula."""

import pytest
from openpyxl import load_workbook

from donor_import.domain import error_workbook
from donor_import.domain.import_types import ImportType, type_spec
from donor_import.domain.mapping import suggest
from donor_import.domain.reader import read_table

HEADERS = ["Name", "Amount", "Note", "Extra"]
DANGEROUS = ["=SUM(A1:A2)", "+1", "-2", "@x"]


def reopen(path):
    """The first sheet as openpyxl sees it in normal (not read-only) mode: cells with value and data type."""
    book = load_workbook(path)
    return book, book.worksheets[0]


@pytest.fixture
def written(tmp_path):
    path = tmp_path / "errors.xlsx"
    count = error_workbook.write(str(path), HEADERS, [
        {"row": 2, "cells": DANGEROUS, "reason": "amount: '+1' is not a positive amount"},
        {"row": 5, "cells": ["Ada", "abc", "plain", "x"], "reason": "amount: 'abc' is not an amount"},
    ])
    return path, count


def test_the_header_row_is_row_number_original_headers_and_reason(written):
    path, _ = written
    _, sheet = reopen(path)
    assert [cell.value for cell in sheet[1]] == ["Row in original file", *HEADERS, "Reason"]
    assert all(cell.data_type == "s" for cell in sheet[1])


def test_write_returns_how_many_rows_it_wrote(written):
    path, count = written
    _, sheet = reopen(path)
    assert count == 2
    assert sheet.max_row == 3


@pytest.mark.parametrize("column", range(len(DANGEROUS)))
def test_formula_like_values_are_stored_as_text_not_formulas(written, column):
    path, _ = written
    _, sheet = reopen(path)
    cell = sheet.cell(row=2, column=2 + column)
    assert cell.data_type == "s"
    assert cell.value == DANGEROUS[column]


def test_no_cell_of_the_workbook_is_a_formula(written):
    path, _ = written
    _, sheet = reopen(path)
    assert [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"] == []


def test_a_rejected_row_keeps_its_number_values_and_reason(written):
    path, _ = written
    _, sheet = reopen(path)
    assert [cell.value for cell in sheet[2]] == [2, *DANGEROUS, "amount: '+1' is not a positive amount"]
    assert [cell.value for cell in sheet[3]] == [5, "Ada", "abc", "plain", "x", "amount: 'abc' is not an amount"]
    assert sheet.cell(row=2, column=1).data_type == "n"


def test_a_formula_like_header_is_text_too(tmp_path):
    path = tmp_path / "errors.xlsx"
    error_workbook.write(str(path), ["=HYPERLINK(\"http://x\")", "-Amount", "+Note", "@Who"],
                         [{"row": 2, "cells": ["a", "b", "c", "d"], "reason": "r"}])
    _, sheet = reopen(path)
    header = sheet[1]
    assert [cell.value for cell in header] == ["Row in original file", "=HYPERLINK(\"http://x\")", "-Amount",
                                               "+Note", "@Who", "Reason"]
    assert [cell.data_type for cell in header] == ["s"] * 6


def test_a_value_starting_with_a_tab_is_text_and_kept(tmp_path):
    path = tmp_path / "errors.xlsx"
    error_workbook.write(str(path), ["A"], [{"row": 2, "cells": ["\t=1+1"], "reason": "r"}])
    _, sheet = reopen(path)
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value == "\t=1+1"


def test_a_value_starting_with_a_carriage_return_is_text(tmp_path):
    path = tmp_path / "errors.xlsx"
    error_workbook.write(str(path), ["A"], [{"row": 2, "cells": ["\r=1+1"], "reason": "r"}])
    _, sheet = reopen(path)
    assert sheet["B2"].data_type == "s"
    # XML turns a bare CR into a line feed on reading; what matters is that the formula text stays text.
    assert sheet["B2"].value in ("\r=1+1", "\n=1+1")


def test_a_reason_that_looks_like_a_formula_is_text(tmp_path):
    path = tmp_path / "errors.xlsx"
    error_workbook.write(str(path), ["A"], [{"row": 2, "cells": ["x"], "reason": "=cmd|' /C calc'!A0"}])
    _, sheet = reopen(path)
    assert (sheet["C2"].value, sheet["C2"].data_type) == ("=cmd|' /C calc'!A0", "s")


def test_numbers_and_plain_text_stay_as_they_were(tmp_path):
    path = tmp_path / "errors.xlsx"
    error_workbook.write(str(path), ["Zip", "Phone", "Amount"], [
        {"row": 9, "cells": ["02139", "4915112345678", "12.50"], "reason": "r"},
    ])
    _, sheet = reopen(path)
    assert [cell.value for cell in sheet[2]][1:4] == ["02139", "4915112345678", "12.50"]
    assert [cell.data_type for cell in sheet[2]][1:4] == ["s", "s", "s"]


def test_short_rows_are_padded_and_long_rows_cut_to_the_headers(tmp_path):
    path = tmp_path / "errors.xlsx"
    error_workbook.write(str(path), ["A", "B", "C"], [
        {"row": 2, "cells": ["only"], "reason": "short"},
        {"row": 3, "cells": ["1", "2", "3", "4", "5"], "reason": "long"},
    ])
    _, sheet = reopen(path)
    assert [cell.value for cell in sheet[2]] == [2, "only", None, None, "short"]
    assert [cell.value for cell in sheet[3]] == [3, "1", "2", "3", "long"]


def test_control_characters_do_not_break_the_workbook(tmp_path):
    # Some exports (FileMaker, old Mac Excel) put a vertical tab for a line break inside a cell.
    path = tmp_path / "errors.xlsx"
    count = error_workbook.write(str(path), ["Note\x01"], [
        {"row": 2, "cells": ["line one\x0bline two\x00"], "reason": "notes: bad\x1f"},
    ])
    assert count == 1
    _, sheet = reopen(path)
    assert sheet["A1"].value == "Row in original file"
    assert "line one" in sheet["B2"].value and "line two" in sheet["B2"].value
    assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in sheet["B2"].value + sheet["C2"].value)


def test_no_rejected_rows_gives_a_header_only_workbook(tmp_path):
    path = tmp_path / "errors.xlsx"
    assert error_workbook.write(str(path), HEADERS, iter([])) == 0
    _, sheet = reopen(path)
    assert sheet.max_row == 1


def test_rejected_rows_may_be_a_generator(tmp_path):
    path = tmp_path / "errors.xlsx"
    rows = ({"row": n, "cells": [str(n)], "reason": "r"} for n in range(2, 502))
    assert error_workbook.write(str(path), ["N"], rows) == 500
    _, sheet = reopen(path)
    assert sheet.max_row == 501
    assert sheet["A501"].value == 501


def test_the_corrected_workbook_can_be_uploaded_again_as_it_is(written):
    # Read back by the import's own reader: same headers, same text, the workbook's own columns left unmapped.
    path, _ = written
    table = read_table(str(path), "errors.xlsx")
    assert table.headers == ["Row in original file", *HEADERS, "Reason"]
    rows = list(table.rows)
    assert rows[0] == (2, ["2", *DANGEROUS, "amount: '+1' is not a positive amount"])
    mapping = suggest(table.headers, type_spec(ImportType.DONATIONS))
    assert mapping["Row in original file"] is None
    assert mapping["Reason"] is None
    assert mapping["Amount"] == "amount"


def test_the_about_sheet_says_which_import_the_workbook_corrects(tmp_path):
    path = tmp_path / "errors.xlsx"
    about = {"import_id": "imp-1", "import_type": "donations", "file_name": "=evil().csv"}
    error_workbook.write(str(path), ["A"], [{"row": 2, "cells": ["x"], "reason": "r"}], about=about)
    assert error_workbook.about(str(path)) == about
    book, sheet = reopen(path)
    assert sheet.title == "Rejected rows"  # the rejected rows stay the first sheet, the one an upload reads
    assert not [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_about_is_none_for_other_files(tmp_path, written):
    path, _ = written
    assert error_workbook.about(str(path)) is None
    other = tmp_path / "plain.csv"
    other.write_text("a,b\n")
    assert error_workbook.about(str(other)) is None
