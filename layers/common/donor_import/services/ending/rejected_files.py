"""The files that list an import's rejected rows: the error workbook (with its Warnings sheet), and beyond its
cap a gzipped CSV of all the rejected rows."""

import os
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from ...config import settings
from ...data.file_keys import error_csv_key, error_file_key
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


def write(stores: Stores, record: Import, rejected: Iterable[dict], warnings: Iterable[dict]) -> dict:
    """Write the workbook (and the CSV when there are more rejected rows than workbook_max_rows, read once for
    both); returns the changes that offer them on the import. The Warnings sheet holds up to workbook_max_rows
    warnings, and is there only when the import has warnings."""
    org_id, import_id, total = record.org_id, record.import_id, record.rows_failed
    cap = settings().workbook_max_rows
    about = record.model_dump(include={"import_id", "import_type", "file_name", "created_at"})
    changes = {"errors_written_at": now()}
    listed = {"warnings": islice(warnings, cap) if record.rows_with_warnings else None,
              "labels": {f.name: f.description for f in type_spec(record.import_type).fields}}
    with _temporary(".xlsx") as workbook:
        if total <= cap:
            error_workbook.write(workbook, record.headers, rejected, about=about, **listed)
        else:
            about["rows listed here"] = (f"the first {cap:,} of {total:,} rejected rows; the import offers a CSV "
                                         "of all of them (error_csv_url)")
            with _temporary(".csv.gz") as listing:
                with ErrorCsv(listing, record.headers) as every:
                    passing = every.passing(rejected)
                    error_workbook.write(workbook, record.headers, islice(passing, cap), about=about, **listed)
                    deque(passing, maxlen=0)  # the rows past the cap, into the CSV only
                stores.files.upload_file(listing, error_csv_key(org_id, import_id), "application/gzip")
            changes["errors_csv_written_at"] = changes["errors_written_at"]
        stores.files.upload_file(workbook, error_file_key(org_id, import_id), XLSX)
    return changes
