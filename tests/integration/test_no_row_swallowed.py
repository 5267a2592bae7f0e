"""No row swallowed, through the pipeline: an unclosed quote fails the import naming its row; a cell over the
cell limit rejects only its row, and every other row is imported."""

import io

import pytest
from openpyxl import load_workbook

from donor_import.data.file_keys import error_file_key
from local.scenarios.unclosed_quote import (
    MAPPING,
    TEN_MB,
    long_cell_csv,
    long_cell_reason,
    long_cell_xlsx,
    unclosed_quote_csv,
)


def error_rows(stack, shown: dict) -> list[tuple]:
    key = error_file_key("org-a", shown["import_id"])
    data = stack.s3.get_object(Bucket=stack.ref("FilesBucket"), Key=key)["Body"].read()
    return list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))[1:]


def test_an_unclosed_quote_in_row_11_fails_the_import_naming_row_11(stack):
    shown = stack.run_import("contacts", "donors.csv", unclosed_quote_csv(), MAPPING)
    assert shown["status"] == "Failed", shown
    assert shown["failure_reason"].startswith("row 11: a quoted value opened here is never closed"), shown
    assert shown["rows_processed"] == 0


def test_a_10_mb_cell_rejects_its_row_and_the_rest_of_the_file_imports(stack):
    shown = stack.run_import("contacts", "donors.csv", long_cell_csv(100, 50), MAPPING)
    assert shown["status"] == "Success", shown
    assert (shown["rows_total"], shown["rows_processed"], shown["rows_with_errors"]) == (99, 98, 1)
    assert [(row[0], row[-1]) for row in error_rows(stack, shown)] == [(50, long_cell_reason("Notes", TEN_MB))]


def test_a_long_cell_in_an_ignored_column_rejects_its_row_too(stack):
    """The README's limit is on a cell: the error workbook, which holds the row's every cell, could not."""
    shown = stack.run_import("contacts", "donors.csv", long_cell_csv(10, 5, 40_000),
                             {**MAPPING, "Notes": None})
    assert (shown["status"], shown["rows_processed"], shown["rows_with_errors"]) == ("Success", 8, 1), shown
    assert [(row[0], row[-1]) for row in error_rows(stack, shown)] == [(5, long_cell_reason("Notes", 40_000))]


@pytest.mark.parametrize("length", [40_000, TEN_MB])
def test_an_xlsx_cell_over_the_cell_limit_rejects_its_row(stack, length):
    shown = stack.run_import("contacts", "notes.xlsx", long_cell_xlsx(length),
                             {"First Name": "first_name", "Email": "email", "Notes": "notes"})
    assert shown["status"] == "Success", shown
    assert (shown["rows_total"], shown["rows_processed"], shown["rows_with_errors"]) == (2, 1, 1)
    assert [(row[0], row[-1]) for row in error_rows(stack, shown)] == [(2, long_cell_reason("Notes", length))]
