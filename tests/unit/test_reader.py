"""Reading uploaded files: CSV/TSV in any common encoding and delimiter, and XLSX, as numbered rows of text."""

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from donor_import.domain.reader import (
    SAMPLE_BYTES,
    Table,
    UnreadableFile,
    detect_delimiter,
    detect_encoding,
    file_format,
    read_csv,
    read_table,
    read_xlsx,
)

SPECTRUM = Path("/work/shared/data/csv-spectrum")
SPECTRUM_CSVS = sorted((SPECTRUM / "csvs").glob("*.csv"))


def rows_of(table: Table) -> list[tuple[int, list[str]]]:
    return list(table.rows)


def read_bytes(data: bytes, **kwargs) -> Table:
    return read_csv(io.BytesIO(data), **kwargs)


def records(table: Table) -> list[dict[str, str]]:
    return [dict(zip(table.headers, cells, strict=True)) for _, cells in table.rows]


def expected_records(csv_path: Path) -> list[dict[str, str]]:
    expected = json.loads((SPECTRUM / "json" / (csv_path.stem + ".json")).read_text(encoding="utf-8"))
    # SOURCE.md: one object per data row; a lone object is one row.
    return [expected] if isinstance(expected, dict) else expected


# --- csv-spectrum: the acid test ---------------------------------------------------------------------------------


SPECTRUM_CASES = [pytest.param(p, id=p.name) for p in SPECTRUM_CSVS]


def test_csv_spectrum_is_present_and_every_csv_has_a_json_twin():
    assert len(SPECTRUM_CSVS) >= 12
    for path in SPECTRUM_CSVS:
        assert (SPECTRUM / "json" / (path.stem + ".json")).is_file(), path.name


@pytest.mark.parametrize("path", SPECTRUM_CASES)
def test_csv_spectrum_file_reads_to_its_json_twin_from_a_binary_stream(path):
    with path.open("rb") as stream:
        table = read_csv(stream)
        assert table.header_row == 1
        assert records(table) == expected_records(path)


@pytest.mark.parametrize("path", SPECTRUM_CASES)
def test_csv_spectrum_file_reads_to_its_json_twin_from_a_path(path):
    table = read_table(str(path), path.name)
    assert records(table) == expected_records(path)


def test_location_coordinates_reads_exactly_what_the_csv_holds():
    path = SPECTRUM / "csvs" / "location_coordinates.csv"
    table = read_table(str(path), path.name)
    assert table.headers == ["Contact Phone Number", "Location Coordinates", "Cities", "Counties"]
    assert rows_of(table) == [
        (2, ["2095257564", "37\ufffd36'37.8\"N 121\ufffd2'17.9\"W", "Modesto", "Stanislaus"]),
    ]
    # Everything but the phone number agrees with the JSON twin.
    twin = expected_records(path)[0]
    assert {k: v for k, v in twin.items() if k != "Contact Phone Number"} == {
        "Location Coordinates": "37\ufffd36'37.8\"N 121\ufffd2'17.9\"W", "Cities": "Modesto", "Counties": "Stanislaus",
    }


def test_row_numbers_count_records_not_lines_when_a_quoted_cell_holds_a_newline():
    # A spreadsheet shows the record "Once upon\na time" as one row: the next record is row 4, not 5.
    table = read_table(str(SPECTRUM / "csvs" / "newlines.csv"), "newlines.csv")
    assert [number for number, _ in table.rows] == [2, 3, 4]


def test_crlf_inside_a_quoted_cell_is_kept():
    table = read_table(str(SPECTRUM / "csvs" / "newlines_crlf.csv"), "newlines_crlf.csv")
    assert rows_of(table)[1] == (3, ["Once upon \r\na time", "5", "6"])


# --- encodings ---------------------------------------------------------------------------------------------------

PEOPLE = "Name;Stadt;Betrag\nMüller;Köln;12,50\nJosé;Sevilla;3\nFrançoise;Genève;1.234,56\n"
PEOPLE_ROWS = [
    (2, ["Müller", "Köln", "12,50"]),
    (3, ["José", "Sevilla", "3"]),
    (4, ["Françoise", "Genève", "1.234,56"]),
]


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(PEOPLE.encode("utf-8"), id="utf-8"),
        pytest.param(PEOPLE.encode("utf-8-sig"), id="utf-8 with BOM"),
        pytest.param(PEOPLE.encode("utf-16"), id="utf-16 with BOM"),
        pytest.param(b"\xfe\xff" + PEOPLE.encode("utf-16-be"), id="utf-16-be with BOM"),
        pytest.param(PEOPLE.encode("cp1252"), id="cp1252"),
        pytest.param(PEOPLE.replace("\n", "\r\n").encode("cp1252"), id="cp1252 crlf"),
    ],
)
def test_encodings_are_detected(encoded):
    table = read_bytes(encoded)
    assert table.headers == ["Name", "Stadt", "Betrag"]  # no BOM left on the first header
    assert table.header_row == 1
    assert rows_of(table) == PEOPLE_ROWS


def test_cp1252_accents_far_into_a_file_are_not_lost(tmp_path):
    # The first accented name is well past the first buffer's worth of plain ASCII rows.
    lines = ["First,Last,Email"] + [f"Jane,Doe,jane{i}@example.org" for i in range(3000)] + ["José,Müller,jm@x.org"]
    path = tmp_path / "donors.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    assert path.stat().st_size > SAMPLE_BYTES
    rows = rows_of(read_table(str(path), "donors.csv"))
    assert len(rows) == 3001
    assert rows[-1] == (3002, ["José", "Müller", "jm@x.org"])


def test_utf8_multibyte_text_far_into_a_file_is_kept(tmp_path):
    lines = ["First,Last"] + ["Jane,Doe"] * 10000 + ["Zoë,Ångström"]
    path = tmp_path / "donors.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = rows_of(read_table(str(path), "donors.csv"))
    assert rows[-1] == (10002, ["Zoë", "Ångström"])


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (b"\xef\xbb\xbfa,b", "utf-8-sig"),
        (b"\xff\xfea\x00", "utf-16"),
        (b"\xfe\xff\x00a", "utf-16"),
        ("Müller".encode(), "utf-8"),
        ("Müller".encode("cp1252"), "cp1252"),
        ("Müller".encode()[:-5], "utf-8"),  # a sample cut inside a character is still UTF-8
        ("Mü".encode()[:-1], "utf-8"),
        (b"", "utf-8"),
    ],
)
def test_detect_encoding(sample, expected):
    assert detect_encoding(sample) == expected


# --- delimiters --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(delimiter):
    text = delimiter.join(["Email", "Amount", "Note"]) + "\n"
    text += delimiter.join(["a@example.org", "5", "first"]) + "\n"
    text += delimiter.join(["b@example.org", "7", "second"]) + "\n"
    table = read_bytes(text.encode())
    assert table.headers == ["Email", "Amount", "Note"]
    assert rows_of(table) == [(2, ["a@example.org", "5", "first"]), (3, ["b@example.org", "7", "second"])]


def test_semicolons_win_over_decimal_commas():
    table = read_bytes(b"Name;Betrag;Datum\nA;12,50;31.03.2024\nB;1.234,56;01.04.2024\nC;7,00;02.04.2024\n")
    assert table.headers == ["Name", "Betrag", "Datum"]
    assert rows_of(table)[0] == (2, ["A", "12,50", "31.03.2024"])


def test_commas_inside_quotes_do_not_fool_the_delimiter():
    table = read_bytes(b'Name,Address\n"Doe, Jane","1 Main St; Apt 2"\n"Roe, Rick","2 Side St; Apt 3"\n')
    assert rows_of(table) == [(2, ["Doe, Jane", "1 Main St; Apt 2"]), (3, ["Roe, Rick", "2 Side St; Apt 3"])]


def test_detect_delimiter_defaults_to_comma_for_one_column():
    assert detect_delimiter("Email\na@example.org\n") == ","


def test_an_explicit_delimiter_wins():
    table = read_bytes(b"a,b;c\n1,2;3\n", delimiter=";")
    assert table.headers == ["a,b", "c"]


# --- header row, title rows, blank rows, row numbers -------------------------------------------------------------


def test_header_below_title_and_blank_rows_and_rows_numbered_as_a_spreadsheet_shows_them():
    data = (
        b"Donor export,,,\n"
        b"Generated 2024-05-01,,,\n"
        b",,,\n"
        b"\n"
        b"First,Last,Email,Amount\n"  # row 5
        b"Ada,Lovelace,ada@example.org,5\n"  # row 6
        b"\n"  # row 7: blank, skipped
        b",,,\n"  # row 8: blank cells only, skipped
        b"Alan,Turing,alan@example.org,6\n"  # row 9
    )
    table = read_bytes(data)
    assert table.headers == ["First", "Last", "Email", "Amount"]
    assert table.header_row == 5
    assert rows_of(table) == [
        (6, ["Ada", "Lovelace", "ada@example.org", "5"]),
        (9, ["Alan", "Turing", "alan@example.org", "6"]),
    ]


def test_a_title_row_above_a_two_column_header_is_not_taken_for_the_header():
    table = read_bytes(b"Contacts export\n\nEmail,Name\na@example.org,Ada\nb@example.org,Bob\n")
    assert table.headers == ["Email", "Name"]
    assert table.header_row == 3
    assert rows_of(table) == [(4, ["a@example.org", "Ada"]), (5, ["b@example.org", "Bob"])]


def test_a_one_column_file_reads():
    table = read_bytes(b"Email\na@example.org\nb@example.org\n")
    assert table.headers == ["Email"]
    assert rows_of(table) == [(2, ["a@example.org"]), (3, ["b@example.org"])]


def test_short_rows_are_padded_to_the_header_width():
    table = read_bytes(b"a,b,c\n1\n1,2\n")
    assert rows_of(table) == [(2, ["1", "", ""]), (3, ["1", "2", ""])]


def test_a_header_and_no_data_gives_no_rows():
    table = read_bytes(b"Email,Amount\n")
    assert table.headers == ["Email", "Amount"]
    assert rows_of(table) == []


def test_rows_are_a_stream():
    table = read_bytes(b"a\n1\n2\n")
    assert next(table.rows) == (2, ["1"])
    assert next(table.rows) == (3, ["2"])
    with pytest.raises(StopIteration):
        next(table.rows)


# --- headers made unique -----------------------------------------------------------------------------------------


def test_duplicate_and_blank_headers_are_made_unique():
    table = read_bytes(b"Name,Name,,Email, Name \n1,2,3,4,5\n")
    assert table.headers == ["Name", "Name (2)", "Column 3", "Email", "Name (3)"]


@pytest.mark.parametrize(
    "header_line",
    [
        b"Name (2),Name,Name",
        b"Column 2,,x",
        b"a,a,a (2)",
        b",Column 1,",
    ],
)
def test_made_up_header_names_never_collide_with_real_ones(header_line):
    table = read_bytes(header_line + b"\n1,2,3\n")
    assert len(set(table.headers)) == len(table.headers), table.headers
    assert all(header.strip() for header in table.headers)


# --- unreadable files --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\n\n\n", b",,,\n,,\n", b"   \r\n  \r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_unreadable(data):
    with pytest.raises(UnreadableFile, match="empty"):
        read_bytes(data)


def test_an_empty_file_on_disk_is_unreadable(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(UnreadableFile, match="empty"):
        read_table(str(path), "empty.csv")


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03PK\x03\x04\x00\x00junk\xff\xfe",
        b"Name,Email\nAda\x00,ada@example.org\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xef\xbb\xbf\x00\x00binary",
    ],
)
def test_binary_junk_with_nul_bytes_is_unreadable(data):
    with pytest.raises(UnreadableFile, match="binary"):
        read_bytes(data)


def test_a_zip_named_csv_is_unreadable(tmp_path):
    path = tmp_path / "book.xlsx"
    Workbook().save(path)
    with pytest.raises(UnreadableFile):
        read_table(str(path), "book.csv")


# --- formats and TSV ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("donors.csv", "csv"), ("DONORS.CSV", "csv"), ("gifts.tsv", "tsv"), ("export.txt", "txt"),
     ("book.xlsx", "xlsx"), ("Book.XLSX", "xlsx"), ("macro.xlsm", "xlsx"),
     ("my.donors.2024.csv", "csv")],
)
def test_file_format(name, expected):
    assert file_format(name) == expected


@pytest.mark.parametrize("name", ["report.pdf", "old.xls", "donors", "archive.zip", "photo.png", "csv"])
def test_file_format_refuses_other_files(name):
    with pytest.raises(UnreadableFile, match="is not a CSV, TSV or XLSX file"):
        file_format(name)


def test_read_table_refuses_a_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(UnreadableFile, match="'report.pdf' is not a CSV, TSV or XLSX file"):
        read_table(str(path), "report.pdf")


def test_tsv_is_tab_separated_by_its_extension(tmp_path):
    # Commas outnumber tabs here: without the extension the sniffer would pick commas.
    path = tmp_path / "gifts.tsv"
    path.write_bytes(b"Name\tNote\nDoe, Jane\ta, b, c, d\nRoe, Rick\te, f, g, h\n")
    table = read_table(str(path), "gifts.tsv")
    assert table.headers == ["Name", "Note"]
    assert rows_of(table) == [(2, ["Doe, Jane", "a, b, c, d"]), (3, ["Roe, Rick", "e, f, g, h"])]


def test_txt_is_sniffed(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes(b"a|b\n1|2\n")
    table = read_table(str(path), "export.txt")
    assert table.headers == ["a", "b"]
    assert rows_of(table) == [(2, ["1", "2"])]


# --- XLSX --------------------------------------------------------------------------------------------------------


@pytest.fixture
def donations_workbook(tmp_path) -> Path:
    book = Workbook()
    book.active.title = "Empty first sheet"
    sheet = book.create_sheet("Gifts")
    sheet.append(["Gifts received in 2024"])  # row 1: a title
    sheet.append([])  # row 2: blank
    sheet.append(["Name", "ZIP", "Phone", "Date", "Amount", "Received at", "Thanked"])  # row 3: the header
    sheet.append(["Müller", "02139", 4915112345678, date(2024, 3, 31), 12.5, datetime(2024, 3, 31, 10, 30), True])
    sheet.append([])  # row 5: blank, skipped
    sheet.append(["José", "10115", 4930123456, datetime(2024, 12, 25), 100, None, False])  # row 6
    other = book.create_sheet("Notes")
    other.append(["Email", "Note"])
    other.append(["ada@example.org", "thanked by phone"])
    path = tmp_path / "gifts.xlsx"
    book.save(path)
    return path


def test_xlsx_reads_the_first_non_empty_sheet_below_its_title(donations_workbook):
    table = read_table(str(donations_workbook), "gifts.xlsx")
    assert table.headers == ["Name", "ZIP", "Phone", "Date", "Amount", "Received at", "Thanked"]
    assert table.header_row == 3
    assert rows_of(table) == [
        (4, ["Müller", "02139", "4915112345678", "2024-03-31", "12.5", "2024-03-31 10:30:00", "TRUE"]),
        (6, ["José", "10115", "4930123456", "2024-12-25", "100", "", "FALSE"]),
    ]


def test_xlsx_keeps_a_zip_code_stored_as_text_and_a_phone_stored_as_a_number_whole(donations_workbook):
    _, cells = next(read_xlsx(str(donations_workbook)).rows)
    assert cells[1] == "02139"
    assert cells[2] == "4915112345678"


def test_xlsx_date_cells_become_iso_text(donations_workbook):
    rows = rows_of(read_xlsx(str(donations_workbook)))
    assert [cells[3] for _, cells in rows] == ["2024-03-31", "2024-12-25"]


def test_xlsx_named_sheet(donations_workbook):
    table = read_table(str(donations_workbook), "gifts.xlsx", sheet="Notes")
    assert table.headers == ["Email", "Note"]
    assert table.header_row == 1
    assert rows_of(table) == [(2, ["ada@example.org", "thanked by phone"])]


def test_xlsx_unknown_sheet_is_unreadable(donations_workbook):
    with pytest.raises(UnreadableFile, match="no sheet named 'Nope'"):
        read_table(str(donations_workbook), "gifts.xlsx", sheet="Nope")


def test_xlsx_first_sheet_is_used_when_it_has_data(tmp_path):
    book = Workbook()
    book.active.append(["Email"])
    book.active.append(["first@example.org"])
    book.create_sheet("Second").append(["Other"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    assert rows_of(read_table(str(path), "two.xlsx")) == [(2, ["first@example.org"])]


def test_xlsx_data_off_the_corner_keeps_spreadsheet_row_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"] = "Email", "Amount"
    sheet["B4"], sheet["C4"] = "ada@example.org", 5
    path = tmp_path / "offset.xlsx"
    book.save(path)
    table = read_table(str(path), "offset.xlsx")
    assert table.header_row == 3
    assert table.headers == ["Column 1", "Email", "Amount"]
    assert rows_of(table) == [(4, ["", "ada@example.org", "5"])]


def test_an_empty_workbook_is_unreadable(tmp_path):
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    with pytest.raises(UnreadableFile, match="empty"):
        read_table(str(path), "empty.xlsx")


@pytest.mark.parametrize(
    "content",
    [b"Name,Email\nAda,ada@example.org\n", b"", b"PK\x03\x04 truncated zip", b"<html>not a workbook</html>"],
)
def test_a_file_that_is_not_xlsx_named_xlsx_is_unreadable(tmp_path, content):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match="not a readable XLSX workbook"):
        read_table(str(path), "fake.xlsx")


# --- resources ---------------------------------------------------------------------------------------------------


def _resource_warnings(action) -> list[str]:
    import gc
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        action()
        gc.collect()
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def test_read_table_closes_the_file_once_its_rows_are_read(tmp_path):
    path = tmp_path / "donors.csv"
    path.write_bytes(b"Email\na@example.org\nb@example.org\n")
    assert _resource_warnings(lambda: rows_of(read_table(str(path), "donors.csv"))) == []


def test_read_table_closes_the_file_when_only_a_sample_is_read(tmp_path):
    path = tmp_path / "donors.csv"
    path.write_bytes(b"Email\na@example.org\nb@example.org\n")
    assert _resource_warnings(lambda: next(read_table(str(path), "donors.csv").rows)) == []


def test_read_table_closes_the_file_when_it_is_unreadable(tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(b"\x00\x01binary")

    def read():
        with pytest.raises(UnreadableFile):
            read_table(str(path), "junk.csv")

    assert _resource_warnings(read) == []
