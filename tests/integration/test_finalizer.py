"""Finalization on its own queue and function: the flip to `finalizing` asks for it, the finalizer ends the import
exactly once under redelivery, the watchdog asks again for an import left in `finalizing`, and an error workbook
past its cap points to a CSV of every rejected row (and one of every warning). The watchdog handles each stalled
import on its own."""

import csv
import gzip
import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from donor_import.config import settings
from donor_import.data.file_keys import error_csv_key, error_file_key, warnings_csv_key
from donor_import.services.ending import finalizer, watchdog
from local.wrapping import overriding

MAPPING = {"Email": "email", "Name": "first_name", "Note": "notes"}


def _file(valid: int, rejected: int) -> bytes:
    lines = ["Email,Name,Note"]
    lines += [f"ok{n}@example.org,Ok{n},fine" for n in range(valid)]
    lines += [f"not-an-email-{n},Bad{n},=HYPERLINK(\"x\")" for n in range(rejected)]
    return ("\n".join(lines) + "\n").encode()


def _start(stack, data: bytes) -> str:
    created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "people.csv",
                                              "mapping": MAPPING})[1]
    stack.upload(created["upload"]["fields"]["key"], data)
    return created["import"]["import_id"]


def _object(stack, key: str) -> bytes:
    return stack.s3.get_object(Bucket=stack.ref("FilesBucket"), Key=key)["Body"].read()


def _later() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=settings().stall_seconds + 60)


def test_the_flip_queues_the_finalization_and_a_redelivered_request_changes_nothing(stack):
    import_id = _start(stack, _file(3, 2))
    stack.validate()
    stack.drain("BatchQueue", stack.processor)
    assert stack.stores.imports.get("org-a", import_id).stage == "finalizing"  # asked for, not done inline
    request = stack.sqs.receive_message(QueueUrl=stack.ref("FinalizeQueue"))["Messages"][0]
    stack.sqs.send_message(QueueUrl=stack.ref("FinalizeQueue"), MessageBody=request["Body"])  # delivered twice
    assert stack.finalize() == 2

    record = stack.stores.imports.get("org-a", import_id)
    assert (record.status, record.rows_processed, record.rows_failed) == ("Success", 3, 2)
    assert record.contacts_created == 3


def test_a_finalization_that_crashed_is_asked_for_again_by_the_watchdog(stack, monkeypatch):
    import_id = _start(stack, _file(3, 2))
    stack.validate()
    stack.drain("BatchQueue", stack.processor)
    stack.sqs.purge_queue(QueueUrl=stack.ref("FinalizeQueue"))  # the request lost (its function crashed 3 times)
    assert watchdog.sweep(stack.stores, _later()) == [import_id]
    assert stack.stores.imports.get("org-a", import_id).stage == "finalizing"
    assert stack.finalize() == 1
    assert stack.stores.imports.get("org-a", import_id).status == "Success"


def test_past_its_cap_the_workbook_lists_the_first_rows_and_a_csv_lists_all(stack, monkeypatch):
    monkeypatch.setenv("WORKBOOK_MAX_ROWS", "40")
    monkeypatch.setenv("BATCH_ROWS", "25")
    settings.cache_clear()
    import_id = _start(stack, _file(5, 100))
    stack.settle()

    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_with_errors"]) == ("Success", 100)
    assert shown["error_file_url"] and shown["error_csv_url"]
    book = load_workbook(io.BytesIO(_object(stack, error_file_key("org-a", import_id))))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == list(range(7, 47))  # rows 2-6 valid; the first 40 rejected
    about = dict(book["About"].iter_rows(values_only=True, min_row=2))
    assert "40 of 100" in about["rows listed here"]

    listing = gzip.decompress(_object(stack, error_csv_key("org-a", import_id))).decode()
    every = list(csv.reader(io.StringIO(listing)))
    assert every[0] == list(rows[0])
    assert [int(r[0]) for r in every[1:]] == list(range(7, 107))
    assert every[1][3] == "'=HYPERLINK(\"x\")"  # shown as text by a spreadsheet, never run


def test_past_its_cap_the_warnings_sheet_lists_the_first_warnings_and_a_csv_lists_all(stack, monkeypatch):
    monkeypatch.setenv("WORKBOOK_MAX_ROWS", "40")
    monkeypatch.setenv("BATCH_ROWS", "25")
    settings.cache_clear()
    cap = settings().workbook_max_rows
    warned = cap + 13  # rows 2 .. cap + 14, each with a phone number of an unassigned exchange
    data = ("Email,Name,Phone\n" + "".join(f"w{n}@example.org,W{n},814-129-8994\n" for n in range(warned))).encode()
    created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "people.csv",
                                              "mapping": {"Email": "email", "Name": "first_name", "Phone": "phone"}})[1]
    stack.upload(created["upload"]["fields"]["key"], data)
    import_id = created["import"]["import_id"]
    stack.settle()

    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_processed"], shown["rows_with_warnings"]) == ("Success", warned, warned)
    assert shown["warnings_csv_url"] and shown["error_csv_url"] is None
    book = load_workbook(io.BytesIO(_object(stack, error_file_key("org-a", import_id))))
    sheet = list(book["Warnings"].iter_rows(values_only=True))
    assert [r[0] for r in sheet[1:]] == list(range(2, cap + 2))
    about = dict(book["About"].iter_rows(values_only=True, min_row=2))
    assert f"the first {cap} of {warned} warnings" in about["warnings listed here"]
    every = list(csv.reader(io.StringIO(gzip.decompress(_object(stack, warnings_csv_key("org-a", import_id)))
                                        .decode())))
    assert every[0] == list(sheet[0])
    assert [int(r[0]) for r in every[1:]] == list(range(2, warned + 2))


def test_under_its_cap_there_is_no_csv(stack):
    import_id = _start(stack, _file(2, 3))
    stack.settle()
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert shown["error_file_url"] and shown["error_csv_url"] is None and shown["warnings_csv_url"] is None


def test_one_stalled_import_that_fails_to_end_does_not_hold_up_the_others(stack):
    ids = [stack.call("POST", "/imports", {"import_type": "contacts", "file_name": f"f{n}.csv"})[1]["import"]
           ["import_id"] for n in range(3)]
    real_apply = stack.stores.imports.apply

    def failing_for_the_first(org_id, import_id, *args, **kwargs):  # ending it fails; the others end
        if import_id == ids[0]:
            raise RuntimeError("DynamoDB hiccup")
        return real_apply(org_id, import_id, *args, **kwargs)

    hiccup = overriding(stack.stores, imports={"apply": failing_for_the_first})
    assert sorted(watchdog.sweep(hiccup, _later())) == sorted(ids[1:])
    assert stack.stores.imports.get("org-a", ids[0]).status == "In Progress"  # the next sweep tries again
    assert watchdog.sweep(stack.stores, _later()) == [ids[0]]


def test_a_sweep_short_of_time_leaves_the_rest_to_the_next(stack):
    ids = [stack.call("POST", "/imports", {"import_type": "contacts", "file_name": f"f{n}.csv"})[1]["import"]
           ["import_id"] for n in range(3)]
    budget = iter([1e9, 1e9, 0])
    assert len(watchdog.sweep(stack.stores, _later(), time_left=lambda: next(budget))) == 2
    assert len(watchdog.sweep(stack.stores, _later())) == 1
    assert all(stack.stores.imports.get("org-a", i).status == "Failed" for i in ids)


def test_finalize_ignores_a_request_of_another_attempt(stack):
    import_id = _start(stack, _file(2, 0))
    stack.validate()
    stack.drain("BatchQueue", stack.processor)
    assert finalizer.on_finalize_request(stack.stores, "org-a", import_id, attempt=2) is False
    assert stack.stores.imports.get("org-a", import_id).stage == "finalizing"
    assert stack.finalize() == 1 and stack.stores.imports.get("org-a", import_id).status == "Success"
