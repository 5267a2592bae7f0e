"""A 50,000-rejected-row import of 15 columns: finalized (by the finalizer function, not inside a processor),
Success, and its error workbook lists every rejected row."""

import os
import tempfile
import time

import requests
from python_calamine import CalamineWorkbook

from ..client import Client

REJECTED, VALID, COLUMNS = 50_000, 10, 15
HEADERS = ["Email", "First Name", "Last Name", *(f"Extra {n}" for n in range(4, COLUMNS + 1))]
MAPPING = {"Email": "email", "First Name": "first_name", "Last Name": "last_name",
           **{h: None for h in HEADERS[3:]}}


def _file() -> bytes:
    extra = ",".join(f"some text {n}" for n in range(4, COLUMNS + 1))
    lines = [",".join(HEADERS)]
    lines += [f"good{n}@example.org,Good,Donor{n},{extra}" for n in range(VALID)]
    lines += [f"not-an-email-{n},Bad,Donor{n},{extra}" for n in range(REJECTED)]
    return ("\n".join(lines) + "\n").encode()


def _workbook_rows(url: str) -> int:
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        with open(path, "wb") as out:
            out.write(requests.get(url, timeout=120).content)
        return len(CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()) - 1
    finally:
        os.remove(path)


def run(stack, client: Client) -> list[str]:
    started = time.monotonic()
    created = client.create_import("contacts", "big-finalize.csv", MAPPING)
    import_id = created["import"]["import_id"]
    client.upload(created["upload"], _file(), "big-finalize.csv")
    client.wait(import_id, lambda i: i["stage"] in ("finalizing", "done"), timeout=1200)
    finalizing = time.monotonic()
    shown = client.wait_done(import_id, timeout=1200)
    done = time.monotonic()
    listed = _workbook_rows(shown["error_file_url"]) if shown["error_file_url"] else 0
    facts = {
        "Success": shown["status"] == "Success",
        "rows_processed exact": shown["rows_processed"] == VALID,
        "rows_with_errors exact": shown["rows_with_errors"] == REJECTED,
        "error workbook lists every rejected row": listed == REJECTED,
        "stage done": shown["stage"] == "done",
    }
    print(f"big finalize: {REJECTED:,} rejected rows x {COLUMNS} columns; processed in {finalizing - started:.1f} s, "
          f"finalized in {done - finalizing:.1f} s; workbook lists {listed:,}; {shown['status']}")
    return [f"{import_id}: {name}" for name, held in facts.items() if not held]
