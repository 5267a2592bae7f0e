"""The files that list an import's rejected rows: the error workbook (with its Warnings sheet), and beyond its
cap a gzipped CSV of all the rejected rows, and one of all the warnings."""

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from ...config import settings
from ...data.file_keys import error_csv_key, error_file_key, warnings_csv_key
from ...data.imports_repo import now
from ...data.stores import Stores
from ...domain import error_workbook
from ...domain.error_csv import ErrorCsv
from ...domain.import_record import Import
from ...domain.import_types import type_spec

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@contextmanager
def _temporary(suffix: str) -> Iterator[str]:
    handle, path = tempfile.mkstemp(suffix=suffix)
    os.close(handle)
    try:
        yield path
    finally:
        os.remove(path)


@contextmanager
def _listing(stores: Stores, key: str, opened: Callable[[str], ErrorCsv], cap: int) -> Iterator[ErrorCsv]:
    """A CSV of every entry that passes through it, uploaded to `key` when more than `cap` passed."""
    with _temporary(".csv.gz") as path:
        with opened(path) as every:
            yield every
        if every.count > cap:
            stores.files.upload_file(path, key, "application/gzip")


def _first(every: ErrorCsv, entries: Iterable[dict], cap: int, about: dict, what: str) -> Iterator[dict]:
    """The first `cap` entries, for a sheet of the workbook; the rest pass into the CSV only, and the About sheet
    (written after the others) says so."""
    passing = every.passing(entries)
    yield from islice(passing, cap)
    deque(passing, maxlen=0)
    if every.count > cap:
        about[f"{what} listed here"] = (f"the first {cap:,} of {every.count:,} {what}; the import offers a CSV of "
                                        f"all of them ({CSV_URLS[what]})")


CSV_URLS = {"rows": "error_csv_url", "warnings": "warnings_csv_url"}


def write(stores: Stores, record: Import, rejected: Iterable[dict], warnings: Iterable[dict]) -> dict:
    """Write the workbook, and a CSV of every rejected row (of every warning) when there are more than
    workbook_max_rows of them (each read once, for its sheet and its CSV); returns the changes that offer them on
    the import. The Warnings sheet is there only when the import has warnings."""
    org_id, import_id = record.org_id, record.import_id
    cap = settings().workbook_max_rows
    about = record.model_dump(include={"import_id", "import_type", "file_name", "created_at"})
    labels = {f.name: f.description for f in type_spec(record.import_type).fields}
    written = now()
    with (_temporary(".xlsx") as workbook,
          _listing(stores, error_csv_key(org_id, import_id),
                   lambda path: ErrorCsv.of_rejected_rows(path, record.headers), cap) as every_row,
          _listing(stores, warnings_csv_key(org_id, import_id),
                   lambda path: ErrorCsv.of_warnings(path, labels), cap) as every_warning):
        listed = _first(every_warning, warnings, cap, about, "warnings") if record.rows_with_warnings else None
        error_workbook.write(workbook, record.headers, _first(every_row, rejected, cap, about, "rows"), about=about,
                             warnings=listed, labels=labels)
        stores.files.upload_file(workbook, error_file_key(org_id, import_id), XLSX)
    changes = {"errors_written_at": written}
    if every_row.count > cap:
        changes["errors_csv_written_at"] = written
    if every_warning.count > cap:
        changes["warnings_csv_written_at"] = written
    return changes
