"""A first row that is a record, not a header: detected, read as data with columns named by position, and the
user's word (has_header_row) taking precedence either way. The first record is never lost."""

import io

import pytest

from donor_import.domain.reader import read_csv

NO_HEADER = b"ada@example.org,Ada,25.00,2024-03-01\ngrace@example.org,Grace,10.50,2024-03-02\n"
WITH_HEADER = b"Email,First Name,Amount,Date\n" + NO_HEADER


def _read(data: bytes, has_header_row=None):
    table = read_csv(io.BytesIO(data), has_header_row=has_header_row)
    return table, list(table.rows)


def test_a_first_row_of_values_like_those_below_is_a_record():
    table, rows = _read(NO_HEADER)
    assert (table.has_header, table.header_detected) == (False, False)
    assert table.headers == ["Column 1", "Column 2", "Column 3", "Column 4"]
    assert [n for n, _ in rows] == [1, 2]  # the file's own row numbers, the first record counted
    assert rows[0][1][0] == "ada@example.org"


def test_a_header_row_is_read_as_one():
    table, rows = _read(WITH_HEADER)
    assert (table.has_header, table.headers) == (True, ["Email", "First Name", "Amount", "Date"])
    assert [n for n, _ in rows] == [2, 3]


@pytest.mark.parametrize("data", [
    b"Name,Amount\nAda,25.00\nGrace,10.50\n",  # a header over values
    b"Email\nada@example.org\n",  # one column
    b"ada@example.org,Ada\n",  # a single row: nothing below to compare with
    b"Date,Amount,Email\n2024-01-01,5,a@example.org\n",
])
def test_what_is_not_clearly_a_record_stays_a_header(data):
    assert read_csv(io.BytesIO(data)).has_header


def test_a_header_word_in_the_first_row_keeps_it_a_header_even_over_matching_values():
    table, _ = _read(b"Email,Phone,Total\nada@example.org,415-555-0100,25.00\n")
    assert table.has_header


def test_the_users_word_wins_over_the_detection_both_ways():
    table, rows = _read(NO_HEADER, has_header_row=True)
    assert (table.has_header, table.header_detected, table.headers[0]) == (True, False, "ada@example.org")
    assert [n for n, _ in rows] == [2]
    table, rows = _read(WITH_HEADER, has_header_row=False)
    assert (table.has_header, table.header_detected) == (False, True)
    assert [n for n, _ in rows] == [1, 2, 3] and rows[0][1] == ["Email", "First Name", "Amount", "Date"]


def test_a_header_less_file_below_title_rows_is_read_from_its_first_record():
    table, rows = _read(b"Gifts export,,,\n" + NO_HEADER)
    assert not table.has_header and [n for n, _ in rows] == [2, 3]


def test_a_ragged_header_less_file_is_as_wide_as_its_widest_row():
    table, rows = _read(b"a@example.org,5.00\nb@example.org,6.00,note\nc@example.org,7.00\n")
    assert table.headers == ["Column 1", "Column 2", "Column 3"] and len(rows) == 3
