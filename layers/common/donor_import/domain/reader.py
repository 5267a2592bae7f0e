"""Reading an uploaded file as a stream of rows: CSV/TSV in any common encoding and delimiter, or XLSX.

The header row is found even below title rows and blank rows. Rows come out as lists of strings,
numbered as the row a spreadsheet would show.
"""

import codecs
import csv
import io
import re
import sys
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from typing import BinaryIO

from openpyxl import load_workbook
from python_calamine import CalamineError, CalamineWorkbook

from .header_row import looks_like_data
from .values import excel_cell_text

SAMPLE_BYTES = 64 * 1024
HEADER_SEARCH_ROWS = 20
DELIMITERS = (",", ";", "\t", "|")
MAX_CELL = 32767  # Excel's own limit on a cell's length
# A quoted value spanning more lines holds more line breaks than a cell can hold characters: no cell that could
# be imported is that long, so it is a quote never closed, which would swallow the rest of the file into one cell.
MAX_QUOTED_LINES = MAX_CELL + 1
MAX_COLUMNS = 500
MAX_HEADER = 255  # characters of a header kept (the mapping, its preview and saved mappings hold them)
# An XLSX is a zip: its sheets may expand to this much, and no entry more than this many times its size.
MAX_XLSX_EXPANDED = 512 * 1024 * 1024
MAX_XLSX_RATIO = 200
# A sheet whose XML expands past this (roughly 200,000 rows of 15 columns) is streamed, not held in memory.
XLSX_IN_MEMORY_BYTES = 128 * 1024 * 1024
# A sheet is read whole, the empty cells up to its farthest one too: one cell typed at XFD1048576 must not
# exhaust memory (calamine aborts the process when an allocation fails). Cell and row references show the reach.
MAX_XLSX_CELLS = 10_000_000
# The reach is read from every row's number, from the few cell references that go beyond column Z or
# row 99,999, and from cells in columns A-Z whose five-digit row is beyond the rows seen (a cell may claim
# a row beyond its row tag's, and calamine believes the cell). The patterns start at the literal "r", not
# at a word boundary, so the regex engine can skip ahead (4x faster); an attribute whose name merely ends
# in "r" can only raise the estimate.
ROW_NUMBER = re.compile(rb"""<row\b[^>]*?\br\s*=\s*["']([0-9]+)["']""")
CELL_PARTS = re.compile(rb"""([A-Za-z]+)([0-9]+)""")
WIDE_OR_DEEP = re.compile(rb"""r\s*=\s*["'](?:[A-Za-z]{2,}[0-9]+|[A-Za-z][0-9]{6,})["']""")
NARROW_FIVE_DIGIT_ROW = re.compile(rb"""r\s*=\s*["'][A-Za-z]([1-9][0-9]{4})["']""")
# A cell may be as long as its file (whose size is checked before it is read): a cell over MAX_CELL is read,
# cut to MAX_CELL and its row rejected when validated, never the file failed.
csv.field_size_limit(sys.maxsize)


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 in a file whose start was: read as cp1252, the usual culprit (José as 4A 6F 73 E9)."""
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("donor_import.cp1252", _cp1252_fallback)


class UnreadableFile(ValueError):
    """The file cannot be read as what its name says; the message says why, for a person."""


@dataclass
class Table:
    headers: list[str]
    header_row: int  # the row the headers came from; with has_header False, the first record's
    rows: Iterator[tuple[int, list[str]]]  # (row number in the file, cells), blank rows skipped
    # Cells longer than MAX_CELL are cut to it as their rows are read; what they held is kept here:
    # {row number: [(header, characters)]}, for the validation step to reject those rows.
    cut: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    # False: the first row is a record (detected, or as the user said) and the columns are named by position.
    has_header: bool = True
    header_detected: bool = True  # what the file looked like, whatever the user said
    first_row: list[str] = field(default_factory=list)  # the cells of row header_row as the file has them


# The file names an import takes, by extension (any case), and the format each is read as.
FORMATS_BY_EXTENSION = {"csv": "csv", "tsv": "tsv", "txt": "txt", "xlsx": "xlsx", "xlsm": "xlsx"}


def file_format(file_name: str) -> str:
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in FORMATS_BY_EXTENSION:
        raise UnreadableFile(f"'{file_name}' is not a CSV, TSV or XLSX file")
    return FORMATS_BY_EXTENSION[suffix]


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def detect_delimiter(sample_text: str) -> str:
    """The delimiter that splits the first lines into the same number of cells, most cells first."""
    lines = [line for line in sample_text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not widths or max(widths) < 2:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header_index(rows: list[list[str]]) -> int:
    """The first row filled at least half as wide as the widest of the first rows."""
    filled = [sum(1 for cell in row if cell.strip()) for row in rows]
    widest = max(filled, default=0)
    # A lone title cell is not the header of a two-column file: a header of several columns has several cells.
    least = min(2, widest)
    return next((i for i, count in enumerate(filled) if count >= least and count * 2 >= widest), 0)


def _table(numbered: Iterator[tuple[int, list[str]]], has_header_row: bool | None = None) -> Table:
    """The header row found below any title rows; or none when the first row is a record (has_header_row None:
    as the file looks), the columns then named "Column 1", "Column 2"… and that row read as data."""
    head = list(islice(numbered, HEADER_SEARCH_ROWS))
    if not any(any(cell.strip() for cell in row) for _, row in head):
        raise UnreadableFile("the file is empty")
    index = _header_index([row for _, row in head])
    header_row, headers = head[index]
    detected = not looks_like_data(headers, [row for _, row in head[index + 1 :]])
    has_header = detected if has_header_row is None else has_header_row
    if not has_header:
        headers = [""] * max(len(row) for _, row in head[index:])
    if len(headers) > MAX_COLUMNS:
        raise UnreadableFile(f"the file has {len(headers)} columns; at most {MAX_COLUMNS} can be imported")
    table = Table(headers=unique_headers(headers), header_row=header_row, rows=iter(()), has_header=has_header,
                  header_detected=detected, first_row=head[index][1])
    table.rows = _data_rows(chain(head[index + (1 if has_header else 0) :], numbered), table)
    return table


def _data_rows(rows: Iterator[tuple[int, list[str]]], table: Table) -> Iterator[tuple[int, list[str]]]:
    """The rows below the header, padded to its width; blank rows skipped, long cells cut (see Table.cut).

    This is the validator's hot loop: one join per row finds both a blank row and one that may hold a long cell."""
    width = len(table.headers)
    for number, row in rows:
        joined = "".join(row)
        if not joined or joined.isspace():
            continue
        if len(joined) > MAX_CELL:
            row = _cut_long_cells(number, row, table)
        yield number, row if len(row) >= width else row + [""] * (width - len(row))


def _cut_long_cells(number: int, row: list[str], table: Table) -> list[str]:
    long = [(position, len(cell)) for position, cell in enumerate(row) if len(cell) > MAX_CELL]
    if long:
        names = table.headers + [f"Column {n}" for n in range(len(table.headers) + 1, len(row) + 1)]
        table.cut[number] = [(names[position], length) for position, length in long]
    return [cell[:MAX_CELL] for cell in row] if long else row


def unique_headers(headers: list[str]) -> list[str]:
    """Blank headers named by position, repeated ones numbered; a made-up name never takes a real header's name."""
    names = [header.strip()[:MAX_HEADER] for header in headers]
    taken = set(names)
    used: set[str] = set()
    unique = []
    for position, name in enumerate(names, start=1):
        if not name or name in used:
            base = name or f"Column {position}"
            name, count = base, 1
            while name in taken or name in used:
                count += 1
                name = f"{base} ({count})"
        used.add(name)
        unique.append(name)
    return unique


def read_csv(stream: BinaryIO, delimiter: str | None = None, has_header_row: bool | None = None) -> Table:
    buffered = io.BufferedReader(stream, buffer_size=SAMPLE_BYTES) if not hasattr(stream, "peek") else stream
    sample = buffered.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile("the file is binary, not text: is it really a CSV?")
    encoding = detect_encoding(sample)
    errors = "donor_import.cp1252" if encoding == "utf-8" else "replace"  # the sample cannot see the whole file
    text = io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline="")
    if delimiter is None:
        delimiter = detect_delimiter(sample.decode(encoding, errors="ignore"))
    lines = _Lines(text)
    records = csv.reader(lines, delimiter=delimiter)
    try:
        return _table(_numbered(records, lines, text), has_header_row)
    except csv.Error as error:
        raise UnreadableFile(f"the CSV cannot be read: {error}") from None


class _OpenQuote(Exception):
    """A record still open where no honest one is: past MAX_QUOTED_LINES lines, or at the end of the file."""


class _Lines:
    """The text's lines as csv.reader reads them, counted from the line where the last record ended.

    Outside a quoted value every line ends a record, so a record still open after MAX_QUOTED_LINES lines, or
    when the text ends, is a quote never closed. Python's csv would read on to the end of the file into one
    cell, silently (and hold all of it in memory): this stops it at the bound."""

    def __init__(self, text: io.TextIOWrapper):
        self.text = text
        self.ended_at = 0  # the line the last record ended on, set by the reader's consumer

    def __iter__(self) -> Iterator[str]:
        read = 0
        for read, line in enumerate(self.text, start=1):
            if read - self.ended_at > MAX_QUOTED_LINES:
                raise _OpenQuote(f"it runs on for more than {MAX_QUOTED_LINES:,} lines")
            yield line
        if read > self.ended_at:
            left = read - self.ended_at
            lines = f"{left:,} lines" if left > 1 else "line"
            raise _OpenQuote(f"the file ends inside it: its last {lines} would be one cell")


def _numbered(records, lines: _Lines, text: io.TextIOWrapper) -> Iterator[tuple[int, list[str]]]:
    """The records numbered from 1; the file is closed once they are read to the end, or dropped."""
    number = 0
    try:
        for number, row in enumerate(records, start=1):
            lines.ended_at = records.line_num
            yield number, row
    except csv.Error as error:
        raise UnreadableFile(f"the CSV cannot be read: {error}") from None
    except _OpenQuote as error:
        raise UnreadableFile(f'row {number + 1}: a quoted value opened here is never closed ({error}); close '
                             'it with a " or remove the quote, and upload the file again') from None
    finally:
        text.close()


def check_expansion(path: str) -> int:
    """Refuse a workbook that would expand past the limits (a zip bomb), before anything decompresses it
    into memory: first by the sizes it declares, then by counting what its sheets really inflate to; and one
    whose sheets reach so far that their empty cells alone would fill the memory.

    Returns the size of its largest sheet, expanded."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            declared = sum(e.file_size for e in entries)
            bomb = any(e.file_size > 1024 * 1024 and e.file_size > MAX_XLSX_RATIO * max(e.compress_size, 1)
                       for e in entries)
            if declared > MAX_XLSX_EXPANDED or bomb:
                raise UnreadableFile(_too_big(declared))
            inflated = 0
            for entry in entries:
                rows, columns, tail = 0, 0, b""
                with archive.open(entry) as data:
                    while chunk := data.read(1024 * 1024):
                        inflated += len(chunk)
                        if inflated > MAX_XLSX_EXPANDED:
                            raise UnreadableFile(_too_big(inflated))
                        if entry.filename.startswith("xl/worksheets/"):
                            rows, columns = _reach(tail + chunk, rows, columns)
                        tail = chunk[-64 * 1024 :]  # a reference cut in two by the chunk boundary is whole here
                if rows * max(columns, 1) > MAX_XLSX_CELLS:
                    raise UnreadableFile(f"a sheet reaches row {rows:,} and column {columns:,}: its empty cells are "
                                         "too many to read; delete the cells far from the data, or save it as CSV")
            return max((e.file_size for e in entries if e.filename.startswith("xl/worksheets/")), default=0)
    # zlib.error: a damaged compressed entry; RuntimeError: an entry flagged as encrypted.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error,
            RuntimeError) as error:
        if isinstance(error, UnreadableFile):
            raise
        raise UnreadableFile(f"the file is not a readable XLSX workbook ({error})") from None


def _reach(xml: bytes, rows: int, columns: int) -> tuple[int, int]:
    """The farthest row and column this piece of a sheet reaches, at least (rows, columns)."""
    numbers = ROW_NUMBER.findall(xml)
    if numbers:
        rows = max(rows, *map(int, numbers))
        columns = max(columns, 26)
    if rows < 99_999 and _narrow_rows_above(rows).search(xml):
        rows, columns = max(rows, int(max(NARROW_FIVE_DIGIT_ROW.findall(xml)))), max(columns, 26)
    for reference in WIDE_OR_DEEP.findall(xml):
        letters, digits = CELL_PARTS.search(reference).groups()
        rows, columns = max(rows, int(digits)), max(columns, _column_number(letters))
    return rows, columns


@lru_cache(maxsize=64)
def _narrow_rows_above(row: int) -> re.Pattern:
    """References to cells in columns A-Z whose five-digit row number is above `row` (below 99,999): a search
    that builds nothing, where finding every five-digit reference of a big sheet would cost 3x as much."""
    digits = f"{row:05d}"
    above = [digits[:i] + f"[{int(d) + 1}-9]" + "[0-9]" * (4 - i) for i, d in enumerate(digits) if d != "9"]
    return re.compile(rf"""r\s*=\s*["'][A-Za-z](?:{"|".join(above)})["']""".encode())


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


def _too_big(size: int) -> str:
    return (f"the workbook expands to more than {MAX_XLSX_EXPANDED // 2**20} MB ({size // 2**20} MB or more): "
            "save it as CSV, or split it")


def read_xlsx(path: str, sheet: str | None = None, in_memory_bytes: int = XLSX_IN_MEMORY_BYTES,
              has_header_row: bool | None = None) -> Table:
    """calamine reads a sheet whole, many times faster than openpyxl; a sheet that expands past in_memory_bytes
    is streamed with openpyxl's read-only mode instead."""
    if check_expansion(path) > in_memory_bytes:
        return _read_xlsx_streaming(path, sheet, has_header_row)
    try:
        workbook = CalamineWorkbook.from_path(path)
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile(f"the file is not a readable XLSX workbook ({error})") from None
    except Exception as error:  # calamine raises its own error types for broken workbooks
        raise UnreadableFile(f"the file is not a readable XLSX workbook ({error})") from None
    names = [sheet] if sheet else workbook.sheet_names
    if sheet and sheet not in workbook.sheet_names:
        raise UnreadableFile(f"the workbook has no sheet named '{sheet}'")
    for name in names:
        try:
            worksheet = workbook.get_sheet_by_name(name)
        except (CalamineError, ValueError, OSError) as error:  # a sheet the workbook lists is missing or broken
            raise UnreadableFile(f"the file is not a readable XLSX workbook (sheet '{name}': {error})") from None
        if worksheet.start is not None:  # a sheet with no cell has no start
            # Rows come one by one as Python lists (the sheet itself stays in calamine's compact form); they
            # start at row 1 but at the first used column: pad them back to column A.
            pad = [None] * worksheet.start[1]
            numbered = ((n, [excel_cell_text(c) for c in chain(pad, row)])
                        for n, row in enumerate(worksheet.iter_rows(), start=1))
            return _table(numbered, has_header_row)
    raise UnreadableFile("the workbook is empty")


def _read_xlsx_streaming(path: str, sheet: str | None, has_header_row: bool | None) -> Table:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise UnreadableFile(f"the file is not a readable XLSX workbook ({error})") from None
    if sheet and sheet not in book.sheetnames:
        book.close()
        raise UnreadableFile(f"the workbook has no sheet named '{sheet}'")
    for name in [sheet] if sheet else book.sheetnames:
        worksheet = book[name]
        worksheet.reset_dimensions()  # a sheet written in write-only mode has none: read it without them
        rows = worksheet.iter_rows(values_only=True)
        head = list(islice(rows, HEADER_SEARCH_ROWS))
        if any(any(cell not in (None, "") for cell in row) for row in head):
            numbered = ((n, [excel_cell_text(c) for c in row]) for n, row in enumerate(chain(head, rows), start=1))
            table = _table(numbered, has_header_row)
            table.rows = _streamed(table.rows, book)
            return table
    book.close()
    raise UnreadableFile("the workbook is empty")


def _streamed(rows: Iterator[tuple[int, list[str]]], book) -> Iterator[tuple[int, list[str]]]:
    """The rows of a streamed workbook; a part broken further in is an unreadable file; the book is closed."""
    try:
        yield from rows
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl parses lazily: a broken sheet shows only when it is reached
        raise UnreadableFile(f"the file is not a readable XLSX workbook ({error})") from None
    finally:
        book.close()


def read_table(path: str, file_name: str, sheet: str | None = None,
               in_memory_bytes: int = XLSX_IN_MEMORY_BYTES, has_header_row: bool | None = None) -> Table:
    """The file as a Table; has_header_row None: its first row is a header unless it looks like a record."""
    kind = file_format(file_name)
    if kind == "xlsx":
        return read_xlsx(path, sheet, in_memory_bytes, has_header_row)
    stream = open(path, "rb")  # noqa: SIM115 - closed by the Table's rows, when read to the end or dropped
    try:
        return read_csv(stream, delimiter="\t" if kind == "tsv" else None, has_header_row=has_header_row)
    except BaseException:
        stream.close()
        raise
