"""Ending an import against in-memory stores: the flip once, counts from the batches' files, the ending once."""

import csv
import gzip
import io

import openpyxl

from donor_import.config import settings
from donor_import.data.file_keys import (
    BatchFile,
    batch_file_key,
    error_file_key,
    import_contacts_key,
    warnings_csv_key,
)
from donor_import.services.ending import finalizer

from .helpers import ORG, an_import

ID = "01JTESTXMPRT00000000000001"


def _processed(stores, failed_rows: list[dict] = (), **fields) -> None:
    an_import(stores, ID, stage="processing", rows_total=4, rows_validated=4, batches_total=2, batches_done=2,
              rows_processed=4 - len(failed_rows), rows_failed=len(failed_rows), headers=["Email"], **fields)
    stores.files.put_json(batch_file_key(ORG, ID, 1, BatchFile.CONTACTS, 1), {"c1": "created", "c2": "updated"})
    stores.files.put_json(batch_file_key(ORG, ID, 1, BatchFile.CONTACTS, 2), {"c2": "created", "c3": "updated"})
    if failed_rows:
        stores.files.put_json(batch_file_key(ORG, ID, 1, BatchFile.FAILED, 2), list(failed_rows))


def test_the_flip_to_finalizing_is_won_once_and_asks_for_the_finalization_once(stores):
    _processed(stores)
    assert finalizer.finalize_if_complete(stores, ORG, ID) is True
    assert finalizer.finalize_if_complete(stores, ORG, ID) is False
    assert stores.imports.get(ORG, ID).stage == "finalizing"
    assert stores.queues.finalizations == [{"org_id": ORG, "import_id": ID, "attempt": 1}]


def test_an_import_with_batches_left_is_not_flipped(stores):
    an_import(stores, ID, stage="processing", batches_total=3, batches_done=2)
    assert finalizer.finalize_if_complete(stores, ORG, ID) is False
    assert stores.imports.get(ORG, ID).stage == "processing" and stores.queues.finalizations == []


def test_the_finalization_counts_contacts_writes_their_file_and_ends_the_import_once(stores):
    _processed(stores)
    finalizer.finalize_if_complete(stores, ORG, ID)
    assert finalizer.on_finalize_request(stores, ORG, ID, 1) is True
    assert finalizer.on_finalize_request(stores, ORG, ID, 1) is False  # redelivered

    done = stores.imports.get(ORG, ID)
    assert (done.status, done.stage) == ("Success", "done") and "active" not in stores.imports.items[(ORG, ID)]
    assert (done.contacts_created, done.contacts_updated) == (2, 1)  # "created" wins for c2
    assert stores.files.get_json(import_contacts_key(ORG, ID)) == {"c1": "created", "c2": "created",
                                                                      "c3": "updated"}
    assert "errors_written_at" not in stores.imports.items[(ORG, ID)]


def test_rejected_rows_are_offered_in_an_error_workbook(stores):
    _processed(stores, [{"row": 3, "cells": ["nobody"], "reason": "email: not an email address"}])
    finalizer.finalize_if_complete(stores, ORG, ID)
    finalizer.on_finalize_request(stores, ORG, ID, 1)
    done = stores.imports.get(ORG, ID)
    assert done.status == "Success" and done.errors_written_at
    assert error_file_key(ORG, ID) in stores.files.objects


def test_a_request_for_another_attempt_does_nothing(stores):
    _processed(stores, attempt=2)
    finalizer.finalize_if_complete(stores, ORG, ID)
    assert finalizer.on_finalize_request(stores, ORG, ID, 1) is False
    assert stores.imports.get(ORG, ID).stage == "finalizing"


def test_an_import_whose_every_row_was_rejected_fails_with_a_reason(stores):
    rejected = [{"row": n, "cells": ["x"], "reason": "email: not an email address"} for n in range(2, 6)]
    _processed(stores, rejected)
    finalizer.finalize_if_complete(stores, ORG, ID)
    finalizer.on_finalize_request(stores, ORG, ID, 1)
    done = stores.imports.get(ORG, ID)
    assert (done.status, done.failure_reason) == (
        "Failed", "no valid rows: all 4 rows were rejected; the error workbook lists why")


def test_warnings_alone_write_the_workbook_with_a_warnings_sheet_after_the_empty_rejected_rows(stores, tmp_path):
    _processed(stores, rows_with_warnings=1)
    warning = {"row": 3, "field": "phone", "value": "814-129-8994",
               "reason": "'814-129-8994' is not a valid phone number for region US"}
    stores.files.put_json(batch_file_key(ORG, ID, 1, BatchFile.WARNINGS, 2), [warning])
    finalizer.finalize_if_complete(stores, ORG, ID)
    finalizer.on_finalize_request(stores, ORG, ID, 1)

    done = stores.imports.get(ORG, ID)
    assert (done.status, done.rows_failed, done.rows_with_warnings) == ("Success", 0, 1) and done.errors_written_at
    path = tmp_path / "errors.xlsx"
    path.write_bytes(stores.files.objects[error_file_key(ORG, ID)])
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Rejected rows", "Warnings", "About"]
    assert [list(r) for r in book["Warnings"].iter_rows(values_only=True)] == [
        ["Row in original file", "Field", "Value", "Imported as", "Why"],
        [3, "Phone number", "814-129-8994", "(left out)", "'814-129-8994' is not a valid phone number for region US"],
    ]
    assert len(list(book["Rejected rows"].iter_rows())) == 1, "the heading only: no row was rejected"
    book.close()


def test_a_value_read_as_its_closest_is_listed_with_what_it_was_imported_as(stores, tmp_path):
    _processed(stores, rows_with_warnings=1, import_type="donations")
    warning = {"row": 4, "field": "campaign", "value": "Sprng Appeal 2025", "imported_as": "Spring Appeal 2025",
               "reason": "'Sprng Appeal 2025' was read as 'Spring Appeal 2025', the closest campaign; the preview "
                         "did not show it"}
    stores.files.put_json(batch_file_key(ORG, ID, 1, BatchFile.WARNINGS, 2), [warning])
    finalizer.finalize_if_complete(stores, ORG, ID)
    finalizer.on_finalize_request(stores, ORG, ID, 1)

    path = tmp_path / "errors.xlsx"
    path.write_bytes(stores.files.objects[error_file_key(ORG, ID)])
    book = openpyxl.load_workbook(path, read_only=True)
    assert list(book["Warnings"].iter_rows(min_row=2, values_only=True)) == [
        (4, "Campaign", "Sprng Appeal 2025", "Spring Appeal 2025", warning["reason"])]
    book.close()


def _warnings_past_the_cap(stores, extra: int) -> list[dict]:
    cap = settings().workbook_max_rows
    warnings = [{"row": n, "field": "phone", "value": f"=814-{n}", "reason": "not a valid phone number"}
                for n in range(2, cap + extra + 2)]
    _processed(stores, rows_with_warnings=len(warnings))
    stores.files.put_json(batch_file_key(ORG, ID, 1, BatchFile.WARNINGS, 2), warnings)
    finalizer.finalize_if_complete(stores, ORG, ID)
    finalizer.on_finalize_request(stores, ORG, ID, 1)
    return warnings


def test_past_the_workbooks_cap_the_sheet_lists_the_first_warnings_and_a_csv_lists_all(stores, monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBOOK_MAX_ROWS", "7")
    settings.cache_clear()
    cap = settings().workbook_max_rows
    warnings = _warnings_past_the_cap(stores, extra=3)

    done = stores.imports.get(ORG, ID)
    assert done.status == "Success" and done.warnings_csv_written_at
    path = tmp_path / "errors.xlsx"
    path.write_bytes(stores.files.objects[error_file_key(ORG, ID)])
    book = openpyxl.load_workbook(path, read_only=True)
    listed = list(book["Warnings"].iter_rows(values_only=True))
    assert [r[0] for r in listed[1:]] == [w["row"] for w in warnings[:cap]]
    about = dict(book["About"].iter_rows(values_only=True, min_row=2))
    assert about["warnings listed here"] == (f"the first {cap} of {len(warnings)} warnings; the import offers a "
                                             "CSV of all of them (warnings_csv_url)")
    book.close()
    every = list(csv.reader(io.StringIO(gzip.decompress(stores.files.objects[warnings_csv_key(ORG, ID)]).decode())))
    assert every[0] == list(listed[0])
    assert [int(r[0]) for r in every[1:]] == [w["row"] for w in warnings]
    assert every[1][1:] == ["Phone number", "'=814-2", "(left out)",
                            "not a valid phone number"]  # text, never a formula


def test_up_to_the_cap_there_is_no_warnings_csv(stores, monkeypatch):
    monkeypatch.setenv("WORKBOOK_MAX_ROWS", "7")
    settings.cache_clear()
    _warnings_past_the_cap(stores, extra=0)
    assert stores.imports.get(ORG, ID).warnings_csv_written_at is None
    assert warnings_csv_key(ORG, ID) not in stores.files.objects
