"""No row swallowed (issue 13, item 6), over the local stack's HTTP API:

- a 1,000-row CSV whose row 11 opens a quoted value and never closes it ends Failed, the reason naming row 11
  (before: Success with rows_total 10, the 990 rows after it swallowed into one notes cell);
- a CSV with a 10 MB cell in one row ends Success with that row rejected, naming the column and the size,
  and every other row processed (before: the whole import Failed, "field larger than field limit");
- an XLSX with a 40,000-character cell: the same.

The files are built here; the integration tests import the same builders."""

import io
import random
import string
import time
import zipfile

import requests
from openpyxl import Workbook, load_workbook

from donor_import.domain.reader import MAX_CELL

HEADER = "First Name,Last Name,Email,Notes"
MAPPING = {"First Name": "first_name", "Last Name": "last_name", "Email": "email", "Notes": "notes"}
TEN_MB = 10 * 1024 * 1024


def donor_line(n: int) -> str:
    return f"Donor{n},Smith,donor{n}@example.org,gave at the gala\n"


def unclosed_quote_csv(rows: int = 1000, opened_at: int = 11) -> bytes:
    """`rows` rows, the header being row 1; row `opened_at` opens a quoted note and never closes it."""
    lines = [HEADER + "\n"] + [donor_line(n) for n in range(2, rows + 1)]
    lines[opened_at - 1] = f'Donor{opened_at},Smith,donor{opened_at}@example.org,"called back, said\n'
    return "".join(lines).encode()


def long_cell_csv(rows: int, long_at: int, length: int = TEN_MB) -> bytes:
    """`rows` rows, the header being row 1; row `long_at` has a notes cell of `length` characters."""
    lines = [HEADER + "\n"] + [donor_line(n) for n in range(2, rows + 1)]
    lines[long_at - 1] = f"Donor{long_at},Smith,donor{long_at}@example.org,{'x' * length}\n"
    return "".join(lines).encode()


def long_cell_xlsx(length: int) -> bytes:
    """Row 2 has a notes cell of `length` characters (random letters: a zip entry that compresses 200:1 is
    refused as a zip bomb), row 3 a short one. openpyxl cuts a string to 32,767 characters when it writes it
    (so does Excel): a longer cell, as other tools write them, is put into the sheet's XML afterwards."""
    note = "".join(random.Random(length).choices(string.ascii_letters + " ", k=length)).encode()
    book = Workbook()
    sheet = book.active
    sheet.append(["First Name", "Email", "Notes"])
    sheet.append(["Ada", "ada@example.org", "z" * MAX_CELL])
    sheet.append(["Bob", "bob@example.org", "short"])
    written, patched = io.BytesIO(), io.BytesIO()
    book.save(written)
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry.filename).replace(b"z" * MAX_CELL, note))
    return patched.getvalue()


def long_cell_reason(column: str, length: int) -> str:
    return f"{column}: {length:,} characters long, more than the {MAX_CELL:,} a cell holds"


def run(stack, client) -> list[str]:
    broken = []
    broken += _unclosed_quote(client)
    broken += _long_cell(client, "donors-long-note.csv", long_cell_csv(1000, 500), MAPPING,
                         expected=(999, 998, 1), row=500, length=TEN_MB)
    broken += _long_cell(client, "long-note.xlsx", long_cell_xlsx(40_000),
                         {"First Name": "first_name", "Email": "email", "Notes": "notes"},
                         expected=(2, 1, 1), row=2, length=40_000)
    return broken


def _import(client, file_name: str, data: bytes, mapping: dict) -> tuple[dict, float]:
    started = time.monotonic()
    created = client.create_import("contacts", file_name, mapping)
    client.upload(created["upload"], data, file_name)
    done = client.wait_done(created["import"]["import_id"], timeout=120)
    return done, time.monotonic() - started


def _unclosed_quote(client) -> list[str]:
    done, seconds = _import(client, "donors-unclosed-quote.csv", unclosed_quote_csv(), MAPPING)
    print(f"unclosed quote in row 11 of 1,000 rows: {done['status']} in {seconds:.1f} s, rows_total "
          f"{done['rows_total']}, processed {done['rows_processed']}; reason: {done['failure_reason']}")
    broken = []
    if done["status"] != "Failed":
        broken.append(f"an unclosed quote in row 11 ended {done['status']} (rows_total {done['rows_total']}), "
                      "not Failed")
    if not (done["failure_reason"] or "").startswith("row 11: a quoted value opened here is never closed"):
        broken.append(f"the failure reason does not name row 11: {done['failure_reason']!r}")
    if done["rows_processed"]:
        broken.append(f"{done['rows_processed']} rows processed from a file that failed")
    return broken


def _long_cell(client, file_name: str, data: bytes, mapping: dict, expected: tuple[int, int, int], row: int,
               length: int) -> list[str]:
    done, seconds = _import(client, file_name, data, mapping)
    counts = (done["rows_total"], done["rows_processed"], done["rows_with_errors"])
    print(f"{file_name} ({len(data) / 2**20:.1f} MB, a {length:,}-character cell in row {row}): {done['status']} in "
          f"{seconds:.1f} s; rows total / processed / with errors {counts}")
    if done["status"] != "Success":
        return [f"{file_name}: ended {done['status']} ({done['failure_reason']}), not Success"]
    broken = []
    if counts != expected:
        broken.append(f"{file_name}: rows total / processed / with errors {counts}, not {expected}")
    workbook = load_workbook(io.BytesIO(requests.get(done["error_file_url"], timeout=30).content), read_only=True)
    rejected = [(r[0], r[-1]) for r in list(workbook.active.iter_rows(values_only=True))[1:]]
    if rejected != [(row, long_cell_reason("Notes", length))]:
        broken.append(f"{file_name}: the error workbook lists {rejected}, not row {row} with its cell's length")
    return broken
