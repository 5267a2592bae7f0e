"""No row swallowed: a quote that is never closed fails the file naming the row where it opened; a cell far
over the cell limit is read (the validation step rejects its row), however long, up to the file's size."""

import io

import pytest

from donor_import.domain import reader
from donor_import.domain.reader import MAX_CELL, MAX_QUOTED_LINES, UnreadableFile, read_csv, read_table
from local.scenarios import unclosed_quote
from local.scenarios.unclosed_quote import donor_line, long_cell_xlsx, unclosed_quote_csv

HEADER = unclosed_quote.HEADER + "\n"


def read_all(data: bytes) -> list[tuple[int, list[str]]]:
    return list(read_csv(io.BytesIO(data)).rows)


def test_an_unclosed_quote_fails_the_file_naming_the_row_where_it_opened():
    with pytest.raises(UnreadableFile, match=r"^row 11: a quoted value opened here is never closed"):
        read_all(unclosed_quote_csv())


def test_an_unclosed_quote_on_the_last_row_fails_too():
    data = (HEADER + donor_line(2) + 'Donor3,Smith,donor3@example.org,"5\'10 and tall').encode()
    with pytest.raises(UnreadableFile, match=r"^row 3: a quoted value"):
        read_all(data)


def test_the_rows_before_an_unclosed_quote_are_read_before_the_file_fails():
    rows = read_csv(io.BytesIO(unclosed_quote_csv(1000, opened_at=50))).rows
    assert [number for number, _ in (next(rows) for _ in range(48))] == list(range(2, 50))
    with pytest.raises(UnreadableFile, match="^row 50: "):
        next(rows)


class ClosedAt(io.BytesIO):
    """Remembers how far it was read when the reader closed it."""

    def close(self) -> None:
        self.read_to = self.tell()
        super().close()


def test_an_unclosed_quote_in_a_long_file_fails_at_the_bound_without_reading_the_rest():
    lines = [HEADER, 'Donor2,Smith,donor2@example.org,"never closed\n'] + [donor_line(n) for n in range(3, 200_000)]
    stream = ClosedAt("".join(lines).encode())
    size = len(stream.getvalue())
    with pytest.raises(UnreadableFile, match=f"^row 2: .*more than {MAX_QUOTED_LINES:,} lines"):
        list(read_csv(stream).rows)
    # Stopped at the bound: what was read is the bound's lines and a buffer, not the whole 9 MB file.
    assert stream.read_to < (MAX_QUOTED_LINES + 1) * len(donor_line(199_999)) + 1024 * 1024 < size


def test_a_quoted_value_spanning_as_many_lines_as_the_longest_cell_can_is_one_cell():
    note = "\n" * MAX_CELL  # the longest cell there is, all line breaks: MAX_QUOTED_LINES lines
    data = (HEADER + f'Ada,Lovelace,ada@example.org,"{note}"\n' + donor_line(3)).encode()
    assert read_all(data) == [(2, ["Ada", "Lovelace", "ada@example.org", note]),
                              (3, ["Donor3", "Smith", "donor3@example.org", "gave at the gala"])]


def test_a_quoted_value_spanning_one_line_more_is_a_quote_never_closed():
    note = "\n" * (MAX_CELL + 1)
    data = (HEADER + f'Ada,Lovelace,ada@example.org,"{note}"\n' + donor_line(3)).encode()
    with pytest.raises(UnreadableFile, match=f"^row 2: .*more than {MAX_QUOTED_LINES:,} lines"):
        read_all(data)


def test_a_closing_quote_on_the_last_line_without_a_newline_ends_the_file_cleanly():
    data = (HEADER + 'Ada,Lovelace,ada@example.org,"two\nlines"').encode()
    assert read_all(data) == [(2, ["Ada", "Lovelace", "ada@example.org", "two\nlines"])]


@pytest.mark.parametrize("quoted", [True, False], ids=["quoted", "bare"])
def test_a_10_mb_cell_is_cut_to_the_cell_limit_its_length_kept_and_the_rows_after_it_read(quoted):
    big = "x" * (10 * 1024 * 1024)
    cell = f'"{big}"' if quoted else big
    data = (HEADER + donor_line(2) + f"Ada,Lovelace,ada@example.org,{cell}\n" + donor_line(4)).encode()
    table = read_csv(io.BytesIO(data))
    rows = list(table.rows)
    assert [number for number, _ in rows] == [2, 3, 4]
    assert rows[1][1] == ["Ada", "Lovelace", "ada@example.org", "x" * MAX_CELL]
    assert table.cut == {3: [("Notes", len(big))]}


def test_several_10_mb_cells_in_a_file_are_read(tmp_path):
    big = "y" * (10 * 1024 * 1024)
    path = tmp_path / "notes.csv"
    path.write_text(HEADER + "".join(f"Ada{n},{big},ada{n}@example.org,{big}\n" for n in range(3)) + donor_line(5))
    table = read_table(str(path), "notes.csv")
    rows = list(table.rows)
    assert [(number, [len(cell) for cell in cells]) for number, cells in rows] == [
        (2, [4, MAX_CELL, 16, MAX_CELL]), (3, [4, MAX_CELL, 16, MAX_CELL]), (4, [4, MAX_CELL, 16, MAX_CELL]),
        (5, [6, 5, 18, 16])]
    assert table.cut == {n: [("Last Name", len(big)), ("Notes", len(big))] for n in (2, 3, 4)}


def test_a_long_cell_beyond_the_header_is_named_by_its_column():
    table = read_csv(io.BytesIO(f"Email,Notes\nada@example.org,short,{'z' * (MAX_CELL + 1)}\n".encode()))
    assert list(table.rows) == [(2, ["ada@example.org", "short", "z" * MAX_CELL])]
    assert table.cut == {2: [("Column 3", MAX_CELL + 1)]}


@pytest.mark.parametrize("streamed", [False, True], ids=["calamine", "openpyxl read-only"])
def test_an_xlsx_cell_over_the_cell_limit_is_cut_and_its_length_kept(tmp_path, streamed):
    path = tmp_path / "notes.xlsx"
    path.write_bytes(long_cell_xlsx(MAX_CELL + 10))
    table = read_table(str(path), "notes.xlsx", in_memory_bytes=0 if streamed else reader.XLSX_IN_MEMORY_BYTES)
    assert [(number, len(cells[2])) for number, cells in table.rows] == [(2, MAX_CELL), (3, 5)]
    assert table.cut == {2: [("Notes", MAX_CELL + 10)]}
