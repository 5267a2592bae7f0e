"""Bad input never breaks anything else: property-based tests of the reader, the row validator and the cell parsers.

Whatever bytes arrive, reading them either gives a table of text or an UnreadableFile that says why; whatever a
cell holds, a row is either clean or rejected with a reason that names the field (or the row rule) it broke.
"""

import codecs
import io
import itertools
import json
import os
import re
import string
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from hypothesis import assume, event, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from donor_import.domain import values
from donor_import.domain.import_types import TYPES, ImportType, Kind, type_spec
from donor_import.domain.reader import (
    DELIMITERS,
    MAX_COLUMNS,
    SAMPLE_BYTES,
    Table,
    UnreadableFile,
    _narrow_rows_above,
    read_csv,
    read_table,
)
from donor_import.domain.row_validation import Options, Rejected, RowValidator, Validated
from donor_import.domain.rows import DERIVED_FIELDS

FUZZ = settings(max_examples=150, deadline=None)
_names = itertools.count()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """A directory for the files the properties write (hypothesis does not mix with function-scoped tmp_path)."""
    return tmp_path_factory.mktemp("fuzz")


def write(directory: Path, data: bytes, suffix: str) -> str:
    path = directory / f"input-{next(_names)}.{suffix}"
    path.write_bytes(data)
    return str(path)


def read_all(path: str, file_name: str) -> Table | UnreadableFile:
    """The table with its rows read to the end, or the UnreadableFile that stopped it; nothing else may escape."""
    try:
        table = read_table(path, file_name)
        table.rows = list(table.rows)
    except UnreadableFile as error:
        assert isinstance(str(error), str) and str(error).strip(), "an UnreadableFile must say why"
        return error
    finally:
        os.remove(path)
    return table


def assert_well_formed(table: Table) -> None:
    assert isinstance(table.headers, list) and table.headers
    assert all(isinstance(h, str) and h for h in table.headers), table.headers
    assert len(set(table.headers)) == len(table.headers), "headers are made unique"
    assert len(table.headers) <= MAX_COLUMNS
    assert isinstance(table.header_row, int) and table.header_row >= 1
    # With no header row, header_row is the first record's own row: the records start there, not past it.
    previous = table.header_row if table.has_header else table.header_row - 1
    if not table.has_header and table.rows:
        assert table.rows[0][0] == table.header_row, "a header-less table starts at its first record"
    for number, cells in table.rows:
        assert isinstance(number, int) and number > previous, "row numbers strictly increase past the header"
        assert isinstance(cells, list) and all(isinstance(c, str) for c in cells)
        assert len(cells) >= len(table.headers), "short rows are padded to the header width"
        assert any(c.strip() for c in cells), "blank rows are skipped"
        previous = number


# --- random bytes named .csv / .tsv / .txt -----------------------------------------------------------------------

BOMS = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
TEXTISH = st.text(alphabet=st.sampled_from(list(',;\t|"\r\n ab1é\x00\x85\u2028\ufeff')), max_size=400)

random_files = st.one_of(
    st.binary(max_size=2048),
    st.tuples(BOMS, st.binary(max_size=1024)).map(b"".join),
    st.tuples(BOMS, TEXTISH.map(lambda t: t.encode("utf-8", "surrogatepass"))).map(b"".join),
    TEXTISH.map(lambda t: t.encode("utf-16")),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@FUZZ
@given(data=random_files, suffix=st.sampled_from(["csv", "tsv", "txt"]))
@example(data=b"", suffix="csv")
@example(data=b"\xff\xfe", suffix="csv")
@example(data=b"\xef\xbb\xbf", suffix="txt")
@example(data=b'a,b\n"unterminated\n1,2\n', suffix="csv")
@example(data=b"a,b\n1,2\n\x00\x00", suffix="csv")
@example(data=b"\xff\xfea\x00,\x00b\x00\n\x00\x00\xd8", suffix="csv")
@example(data=b"x," * (MAX_COLUMNS + 1), suffix="csv")
def test_random_bytes_read_as_a_table_or_refused_with_a_reason(scratch, data, suffix):
    result = read_all(write(scratch, data, suffix), f"upload.{suffix}")
    if isinstance(result, Table):
        assert_well_formed(result)
    # The same bytes as a stream rather than a file on disk give the same answer.
    try:
        streamed = read_csv(io.BytesIO(data), delimiter="\t" if suffix == "tsv" else None)
        streamed.rows = list(streamed.rows)
    except UnreadableFile as error:
        streamed = error
    assert type(streamed) is type(result)
    if isinstance(result, Table):
        assert (streamed.headers, streamed.header_row, streamed.rows) == (result.headers, result.header_row,
                                                                          result.rows)
    else:
        assert str(streamed) == str(result)


LONG_PREFIXES = {
    "utf-8": "name,email\n" + "Ada,ada@example.org\n" * 3500,
    "utf-16": "name;email\n" + "Zoë;zoe@example.org\n" * 1800,
}


@settings(max_examples=40, deadline=None)
@given(encoding=st.sampled_from(sorted(LONG_PREFIXES)), tail=random_files, suffix=st.sampled_from(["csv", "txt"]))
@example(encoding="utf-8", tail=b"Jos\xe9,jose@example.org\n\x00\x00,\xff\n", suffix="csv")
@example(encoding="utf-16", tail=b"\x00\xd8", suffix="csv")
def test_random_bytes_past_the_sample_the_encoding_is_guessed_from(scratch, encoding, tail, suffix):
    """The encoding and delimiter are guessed from the first 64 KB: whatever comes after cannot break the read,
    except a quote it opens and never closes, which refuses the file naming the row it opened on, past the prefix."""
    prefix = LONG_PREFIXES[encoding].encode(encoding)
    assert len(prefix) > SAMPLE_BYTES
    result = read_all(write(scratch, prefix + tail, suffix), f"upload.{suffix}")
    if isinstance(result, UnreadableFile):
        opened = re.match(r"row ([0-9]+): a quoted value opened here is never closed", str(result))
        assert opened and int(opened[1]) > LONG_PREFIXES[encoding].count("\n"), result
        return
    assert isinstance(result, Table), result
    assert_well_formed(result)
    assert len(result.rows) >= 3500 if encoding == "utf-8" else len(result.rows) >= 1800
    assert result.headers == ["name", "email"]


# --- random CSV: what is written is what is read ----------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252")
SPECIALS = '",;\t|\r\n \u00a0\ufeff\u2028\x85\'=+-@'


def _encodable(encoding: str):
    def check(char: str) -> bool:
        try:
            char.encode(encoding)
        except UnicodeEncodeError:
            return False
        return True

    return check


def cell_text(encoding: str, forbidden: str = "") -> st.SearchStrategy[str]:
    chars = st.one_of(
        st.sampled_from(SPECIALS),
        st.characters(codec="cp1252" if encoding == "cp1252" else "utf-8", exclude_characters="\x00"),
    ).filter(lambda c: c not in forbidden and _encodable(encoding)(c))
    return st.text(alphabet=chars, max_size=12)


@st.composite
def csv_files(draw, delimiters=DELIMITERS, forbid_delimiters: bool = False):
    """(encoded file, encoding, delimiter, headers written, data rows written)."""
    encoding = draw(st.sampled_from(ENCODINGS))
    delimiter = draw(st.sampled_from(delimiters))
    forbidden = "".join(DELIMITERS) if forbid_delimiters else ""
    width = draw(st.integers(2, 6))
    cell = cell_text(encoding, forbidden)
    headers = draw(st.lists(cell.filter(lambda h: h.strip()), min_size=width, max_size=width,
                            unique_by=lambda h: h.strip()))
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=8))
    assume(any(any(c.strip() for c in row) for row in rows))
    terminator = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    text = to_csv([headers, *rows], delimiter, terminator)
    if encoding == "utf-8":
        assume(not text.startswith("\ufeff"))  # a UTF-8 file that starts with a BOM is utf-8-sig: no way to tell
    data = text.encode(encoding)
    if encoding == "cp1252":
        # cp1252 bytes that happen to be valid UTF-8 ("Ã©") read as UTF-8: no way to tell either.
        assume(data.isascii() or not _is_utf8(data))
    return data, encoding, delimiter, headers, rows


def to_csv(rows: list[list[str]], delimiter: str, terminator: str) -> str:
    """RFC 4180 with a chosen delimiter and line end: a cell with the delimiter, a quote or a line break is quoted.

    (Python 3.11's csv.writer leaves a lone carriage return unquoted when the line end is a newline.)"""

    def quoted(cell: str) -> str:
        if any(c in cell for c in (delimiter, '"', "\r", "\n")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "".join(delimiter.join(quoted(c) for c in row) + terminator for row in rows)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def expected_rows(rows: list[list[str]]) -> list[tuple[int, list[str]]]:
    """Rows numbered as a spreadsheet shows them (the header is row 1), blank ones skipped."""
    return [(number, row) for number, row in enumerate(rows, start=2) if any(c.strip() for c in row)]


def assert_round_trip(table: Table, headers: list[str], rows: list[list[str]]) -> None:
    assert table.header_row == 1
    assert table.headers == [h.strip() for h in headers]
    assert list(table.rows) == expected_rows(rows)


@FUZZ
@given(written=csv_files())
@example(written=('a,b\r\n"x,""y""\r\nz",\ufeff\r\n'.encode(), "utf-8", ",", ["a", "b"], [['x,"y"\r\nz', "\ufeff"]]))
def test_random_csv_with_a_given_delimiter_reads_back_what_was_written(written):
    data, _encoding, delimiter, headers, rows = written
    assert_round_trip(read_csv(io.BytesIO(data), delimiter=delimiter), headers, rows)


@FUZZ
@given(written=csv_files(forbid_delimiters=True), suffix=st.sampled_from(["csv", "txt"]))
def test_random_csv_reads_back_what_was_written_with_its_delimiter_detected(scratch, written, suffix):
    """Cells hold quotes, newlines, BOMs, any text but the candidate delimiters: the delimiter must be found."""
    data, _encoding, _delimiter, headers, rows = written
    table = read_all(write(scratch, data, suffix), f"upload.{suffix}")
    assert isinstance(table, Table), table
    assert_round_trip(table, headers, rows)


@FUZZ
@given(written=csv_files(delimiters=("\t",)))
def test_random_tsv_reads_back_what_was_written(scratch, written):
    data, _encoding, _delimiter, headers, rows = written
    table = read_all(write(scratch, data, "tsv"), "upload.tsv")
    assert isinstance(table, Table), table
    assert_round_trip(table, headers, rows)


# --- malformed XLSX ----------------------------------------------------------------------------------------------

XLSX_CELLS = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + " .,@éü", min_size=1, max_size=10).filter(str.strip),
    st.integers(-10**6, 10**6),
)


def workbook_bytes(headers: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@st.composite
def workbooks(draw) -> tuple[bytes, list[str], list[list]]:
    width = draw(st.integers(2, 4))
    headers = [f"Column {chr(65 + i)}" for i in range(width)]
    rows = draw(st.lists(st.lists(XLSX_CELLS, min_size=width, max_size=width), min_size=1, max_size=6))
    return workbook_bytes(headers, rows), headers, rows


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _rezip(data: bytes, entry_index: int, change: str, junk: bytes, spots: list[float]) -> bytes:
    """The workbook with one zip entry dropped or damaged inside (the zip itself stays sound: CRCs match)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = source.infolist()
        target = entries[entry_index % len(entries)].filename
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as result:
            for entry in entries:
                content = source.read(entry.filename)
                if entry.filename == target:
                    if change == "drop":
                        continue
                    content = _damage(content, change, junk, spots)
                result.writestr(entry.filename, content)
    return out.getvalue()


def _damage(content: bytes, change: str, junk: bytes, spots: list[float]) -> bytes:
    if change == "junk":
        return junk
    if change == "truncate":
        return content[: int(spots[0] * len(content))]
    if change == "insert":
        where = int(spots[0] * len(content))
        return content[:where] + junk + content[where:]
    if change == "flip":
        changed = bytearray(content)
        for spot, byte in zip(spots, itertools.cycle(junk), strict=False):
            changed[int(spot * len(changed))] = byte
        return bytes(changed)
    # "references": cells moved to other places, out of order, on top of each other (within 5,000 x 200 cells)
    places = itertools.cycle(
        f'r="{column_letters(1 + int(a * 200))}{1 + int(b * 5000)}"'.encode() for a, b in zip(spots, spots[1:] + [0.5],
                                                                                             strict=True))
    return re.sub(rb'r="[A-Z]+[0-9]+"', lambda _: next(places), content)


MUTATIONS = st.one_of(  # damage inside a sound zip first: it reaches the sheet parser
    st.tuples(st.just("entry"), st.tuples(
        st.integers(0, 20), st.sampled_from(["drop", "junk", "truncate", "insert", "flip", "references"]),
        st.one_of(st.binary(min_size=1, max_size=64),
                  st.sampled_from([b"<", b"</c>", b'<c r="A1" t="s"><v>99</v></c>', b'<v>1e308</v>', b" s=\"999\"",
                                   b"\xff\xfe", b'<?xml version="1.0" encoding="UTF-16"?>', b"&undefined;"])),
        st.lists(st.floats(0, 1, exclude_max=True), min_size=1, max_size=20))),
    st.tuples(st.just("truncate"), st.floats(0, 1, exclude_max=True)),
    st.tuples(st.just("flip"), st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
                                        min_size=1, max_size=30)),
    st.tuples(st.just("random"), st.binary(max_size=2048)),
    st.tuples(st.just("zip-of-junk"), st.binary(max_size=256)),
)


def mutate(data: bytes, mutation) -> bytes:
    kind, how = mutation
    if kind == "truncate":
        return data[: int(how * len(data))]
    if kind == "flip":
        changed = bytearray(data)
        for where, byte in how:
            changed[int(where * len(changed))] = byte
        return bytes(changed)
    if kind == "entry":
        return _rezip(data, *how)
    if kind == "random":
        return how
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:  # a real zip whose parts are junk
        archive.writestr("[Content_Types].xml", how)
        archive.writestr("xl/worksheets/sheet1.xml", how)
    return out.getvalue()


@FUZZ
@given(book=workbooks(), mutation=MUTATIONS)
@example(book=(workbook_bytes(["a", "b"], [[1, 2]]), ["a", "b"], [[1, 2]]),
         mutation=("entry", (0, "drop", b"x", [0.0])))
def test_a_malformed_xlsx_is_read_or_refused_with_a_reason(scratch, book, mutation):
    data, headers, rows = book
    intact = read_all(write(scratch, data, "xlsx"), "book.xlsx")
    assert isinstance(intact, Table), intact  # the workbook before its damage reads back as written
    assert intact.headers == headers
    assert intact.rows == [(n, [str(c) for c in row]) for n, row in enumerate(rows, start=2)]
    result = read_all(write(scratch, mutate(data, mutation), "xlsx"), "book.xlsx")
    event(f"{mutation[0]} {mutation[1][1] if mutation[0] == 'entry' else ''}: {type(result).__name__}")
    if isinstance(result, Table):
        assert_well_formed(result)


# --- the row validator -------------------------------------------------------------------------------------------

PLAUSIBLE = st.sampled_from([
    "", " ", "Ada", "Lovelace, Ada", "ada@example.org", "not an email", "@", "a@b", "(415) 555-0100",
    "+44 20 7946 0958", "4915112345678", "12", "$1,234.56", "1.234,56 €", "-5", "0", "(12.00)", "1e5", "EUR 99",
    "2024-03-31", "03/04/2024", "31/03/2024", "13/13/2024", "31 March 2024", "March 31, 2024", "45000", "99999",
    "2024-02-30", "0000-01-01", "monthly", "every week", "call", "gala", "volunteer; board", "3", "2.5", "nan",
    "inf", "=cmd|' /C calc'!A0", "\x00", "\ufeff", "x" * 40_000,
])
CELLS = st.one_of(PLAUSIBLE, st.text(max_size=30), st.from_regex(r"[\d$€.,/\- ]{1,14}", fullmatch=True))
ROW_RULES = ("needs ", "end_date: ")


@st.composite
def validations(draw):
    import_type = draw(st.sampled_from(list(ImportType)))
    spec = type_spec(import_type)
    headers = draw(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=10, unique=True))
    mapping = {h: draw(st.none() | st.sampled_from(spec.field_names)) for h in headers}
    mapping.update(draw(st.dictionaries(st.text(max_size=5), st.sampled_from(spec.field_names), max_size=2)))
    dates = [f.name for f in spec.fields if f.kind is Kind.DATE]
    options = Options(
        default_region=draw(st.sampled_from(["US", "DE", "GB"]) | st.text(string.ascii_uppercase, min_size=2,
                                                                           max_size=2)),
        date_orders=draw(st.dictionaries(st.sampled_from(dates), st.sampled_from(["DMY", "MDY"])) if dates
                         else st.just({})),
    )
    rows = draw(st.lists(st.lists(CELLS, min_size=len(headers), max_size=len(headers)), min_size=1, max_size=5))
    return import_type, headers, mapping, options, rows


@FUZZ
@given(case=validations(), learn=st.booleans())
def test_a_row_is_clean_or_rejected_with_a_reason_naming_its_field(case, learn):
    import_type, headers, mapping, options, rows = case
    spec = TYPES[import_type]
    validator = RowValidator.for_file(import_type, mapping, headers, options)
    if learn:
        assert isinstance(validator.learn_date_orders(rows), list)
    # The processor validates the batch again from its message: columns and context as JSON carried them.
    message = json.loads(json.dumps({"columns": validator.columns, "context": validator.context}))
    processor = RowValidator(import_type, message["columns"], message["context"])
    for number, cells in enumerate(rows, start=2):
        verdict = validator.validate(number, cells)
        assert processor.validate(number, cells) == verdict, "the processor sees a row as the validator did"
        if isinstance(verdict, Rejected):
            assert verdict.row == number
            assert verdict.problems
            assert isinstance(verdict.reason, str) and verdict.reason.strip()
            for field, message in verdict.problems:
                assert isinstance(message, str) and message.strip(), verdict.problems
                if field is None:
                    assert message.startswith(ROW_RULES), f"a row-level problem names its rule: {message!r}"
                else:
                    assert field in spec.field_names, field
                    assert f"{field}: " in verdict.reason
        else:
            assert isinstance(verdict, Validated)
            assert set(verdict.record) <= set(spec.field_names) | set(DERIVED_FIELDS)
            json.dumps(verdict.record)  # it travels to the processor as JSON
            for warning in verdict.warnings:
                assert warning.field in spec.field_names and warning.field not in verdict.record
                assert warning.reason.strip(), warning


# --- the cell parsers --------------------------------------------------------------------------------------------

PARSER_TEXT = st.one_of(
    st.text(max_size=40),
    PLAUSIBLE,
    st.from_regex(r"\s*\d{1,6}[-/. ]\d{1,6}[-/. ]\d{1,6}\s*", fullmatch=True),
    st.from_regex(r"[+(]?\d{1,20}[)\- ]?\d{0,20}", fullmatch=True),
    st.from_regex(r"[$€£(-]?[\d.,' ]{1,40}[)-]?( ?[A-Za-z]{3})?", fullmatch=True),
    st.from_regex(r"[\w.+-]{0,20}@[\w.-]{0,20}", fullmatch=True),
)


def returns_or_value_error(parse, *args):
    try:
        return parse(*args)
    except ValueError as error:
        assert str(error).strip(), f"{parse.__name__}{args!r} raised a ValueError without a reason"
        return None


@FUZZ
@given(text=PARSER_TEXT, order=st.sampled_from([None, *values.DateOrder]))
def test_parse_date_returns_a_date_or_a_value_error(text, order):
    returns_or_value_error(values.parse_date, text, order)


@FUZZ
@given(text=PARSER_TEXT)
@example(text="1" * 5000)
@example(text="9" * 30 + ".5")
def test_parse_amount_returns_a_positive_amount_or_a_value_error(text):
    amount = returns_or_value_error(values.parse_amount, text)
    assert amount is None or amount > 0


@FUZZ
@given(text=PARSER_TEXT, region=st.sampled_from(["US", "DE", "GB", "ZZ"]) | st.text(string.ascii_uppercase,
                                                                                   min_size=2, max_size=2))
def test_parse_phone_returns_e164_or_a_value_error(text, region):
    phone = returns_or_value_error(values.parse_phone, text, region)
    assert phone is None or (phone.startswith("+") and phone[1:].isdigit())


@FUZZ
@given(text=PARSER_TEXT)
def test_parse_email_returns_an_address_or_a_value_error(text):
    email = returns_or_value_error(values.parse_email, text)
    assert email is None or "@" in email


@FUZZ
@given(text=PARSER_TEXT)
@example(text="1e400")
@example(text="nan")
@example(text="-inf")
def test_parse_integer_returns_a_whole_number_or_a_value_error(text):
    number = returns_or_value_error(values.parse_integer, text)
    assert number is None or (isinstance(number, int) and number >= 0)


READ_IN_A_CHILD = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))  # a failed allocation, not a swapped machine
    from donor_import.domain.reader import UnreadableFile, read_table
    try:
        table = read_table(sys.argv[1], "book.xlsx")
        print("read", sum(1 for _ in table.rows))
    except UnreadableFile as error:
        print("refused:", error)
""")


def read_in_a_child(path: Path) -> str:
    """What reading the workbook says, in a child process: calamine aborts the process when it cannot allocate."""
    child = subprocess.run(
        [sys.executable, "-c", READ_IN_A_CHILD, str(path)], capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "layers" / "common")},
    )
    assert child.returncode == 0, child.stderr[-2000:]
    return child.stdout


def test_a_small_workbook_with_one_cell_far_away_is_refused_not_a_crash(tmp_path):
    """5 KB of XLSX whose one cell sits at row 100,000, column 3,000: read whole, its 300 million empty cells would
    take 10 GB."""
    book = Workbook()
    book.active.append(["Name", "Email"])
    book.active.append(["Ada", "ada@example.org"])
    book.active.cell(row=100_000, column=3_000, value="a stray cell far away")
    book.save(tmp_path / "far.xlsx")
    assert read_in_a_child(tmp_path / "far.xlsx").startswith("refused: a sheet reaches row 100,000 and column 3,000")


def test_a_cell_claiming_a_row_beyond_its_row_tag_is_refused_not_a_crash(tmp_path):
    """A hand-made sheet: row 2 holds a cell that says it is A99999, and row 1 one at XFD1. calamine places cells
    by their own references: 99,999 x 16,384 empty cells (50 GB) aborted the process before the reach check
    read five-digit rows of narrow cells."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
             '<c r="XFD1" t="inlineStr"><is><t>far</t></is></c></row>'
             '<row r="2"><c r = \'A99999\' t="inlineStr"><is><t>Ada</t></is></c></row></sheetData></worksheet>')
    Workbook().save(tmp_path / "base.xlsx")
    with zipfile.ZipFile(tmp_path / "base.xlsx") as source, zipfile.ZipFile(tmp_path / "lying.xlsx", "w") as out:
        for entry in source.infolist():
            out.writestr(entry, sheet if entry.filename == "xl/worksheets/sheet1.xml" else source.read(entry))
    assert read_in_a_child(tmp_path / "lying.xlsx").startswith("refused: a sheet reaches row 99,999 and column 16,384")


@FUZZ
@given(seen=st.integers(0, 99_998), row=st.integers(10_000, 99_999), column=st.sampled_from("AZmq"),
       quoting=st.sampled_from(['r="{}"', "r='{}'", 'r = "{}"']))
@example(seen=9_999, row=10_000, column="A", quoting='r="{}"')
@example(seen=10_000, row=10_000, column="A", quoting='r="{}"')
@example(seen=19_999, row=20_000, column="A", quoting='r="{}"')
@example(seen=99_998, row=99_999, column="Z", quoting='r="{}"')
@example(seen=0, row=10_000, column="A", quoting='r="{}"')
def test_the_reach_check_finds_a_narrow_cell_exactly_when_its_row_is_beyond_the_rows_seen(seen, row, column,
                                                                                          quoting):
    reference = quoting.format(f"{column}{row}").encode()
    assert bool(_narrow_rows_above(seen).search(b"<c " + reference + b"/>")) is (row > seen)
