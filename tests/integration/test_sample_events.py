"""Each handler on its sample event from events/, against moto."""

import io
import json

import pytest
from openpyxl import load_workbook

from donor_import.config import settings
from donor_import.data import imports_repo
from donor_import.data.file_keys import error_file_key, upload_key
from donor_import.domain.import_record import Import
from local.lambdas import Environment
from local.template import ROOT

IMPORT_ID = "01KSAMPEEVENT0000000000000"


def event(name: str) -> dict:
    return json.loads((ROOT / "events" / name).read_text())


def _import(stack, stage: str, **extra) -> None:
    stack.stores.imports.create(Import.model_validate({
        "org_id": "org-a", "import_id": IMPORT_ID, "created_at": imports_repo.now(), "import_type": "contacts",
        "file_name": "my contacts.csv", "file_key": upload_key("org-a", IMPORT_ID, "my contacts.csv"),
        "status": "In Progress", "stage": stage, "mapping": None, "options": {}, "rows_total": 0,
        "rows_processed": 0, "rows_failed": 0, "batches_total": 0, "batches_done": 0,
        "contacts_created": 0, "contacts_updated": 0, **extra,
    }))


def test_api_events(stack):
    created = stack.api.invoke(event("api_create_import.json"))
    assert created["statusCode"] == 201
    listed = json.loads(stack.api.invoke(event("api_list_imports.json"))["body"])
    assert len(listed["items"]) == 1
    assert stack.api.invoke(event("api_show_import.json"))["statusCode"] == 404
    _import(stack, "awaiting_upload")
    shown = json.loads(stack.api.invoke(event("api_show_import.json"))["body"])
    assert shown["import_id"] == IMPORT_ID


def test_validator_s3_event_decodes_the_key_and_offers_a_mapping(stack):
    _import(stack, "awaiting_upload")
    stack.s3.put_object(Bucket=stack.ref("FilesBucket"), Key=upload_key("org-a", IMPORT_ID, "my contacts.csv"),
                        Body=b"First Name,Last Name,Email\nAda,Lovelace,ada@example.org\n")
    stack.validator.invoke(event("validator_s3_upload.json"))
    assert stack.stores.imports.get("org-a", IMPORT_ID).stage == "mapping"


def test_validator_validation_request(stack):
    _import(stack, "validating", mapping={"Email": "email"})
    stack.s3.put_object(Bucket=stack.ref("FilesBucket"), Key=upload_key("org-a", IMPORT_ID, "my contacts.csv"),
                        Body=b"Email\nada@example.org\n")
    answer = stack.validator.invoke(event("validator_validation_request.json"))
    assert answer == {"batchItemFailures": []}
    assert stack.stores.imports.get("org-a", IMPORT_ID).batches_total == 1


def test_processor_batch(stack):
    _import(stack, "processing", rows_total=2, batches_total=1, headers=["First", "Last", "Email"])
    answer = stack.processor.invoke(event("processor_batch.json"))
    assert answer == {"batchItemFailures": []}
    assert stack.finalize() == 1
    record = stack.stores.imports.get("org-a", IMPORT_ID)
    assert (record.status, record.rows_processed, record.contacts_created) == ("Success", 2, 2)


def test_dead_letter_batch(stack):
    _import(stack, "processing", rows_total=2, batches_total=1, headers=["First", "Last", "Email"])
    dead_letters = Environment(stack.functions["DeadLetterFunction"])
    assert dead_letters.invoke(event("dead_letter_batch.json")) == {"batchItemFailures": []}
    assert stack.finalize() == 1
    record = stack.stores.imports.get("org-a", IMPORT_ID)
    assert (record.status, record.rows_processed, record.rows_failed) == ("Failed", 0, 2)
    rows = workbook_rows(stack, IMPORT_ID)
    assert [r[0] for r in rows[1:]] == [2, 3] and "set aside" in rows[1][-1]


def test_watchdog_schedule(stack, monkeypatch):
    _import(stack, "validating")
    monkeypatch.setenv("STALL_SECONDS", "0")
    settings.cache_clear()
    watchdog = Environment(stack.functions["WatchdogFunction"])
    assert watchdog.invoke(event("watchdog_schedule.json")) == {"ended": [IMPORT_ID]}
    record = stack.stores.imports.get("org-a", IMPORT_ID)
    assert record.status == "Failed" and "stopped making progress at stage 'validating'" in record.failure_reason
    assert watchdog.invoke(event("watchdog_schedule.json")) == {"ended": []}


def test_finalizer_request(stack):
    _import(stack, "finalizing", rows_total=1, rows_processed=1, batches_total=1, batches_done=1)
    finalizer = Environment(stack.functions["FinalizerFunction"])
    assert finalizer.invoke(event("finalizer_request.json")) == {"batchItemFailures": []}
    assert stack.stores.imports.get("org-a", IMPORT_ID).status == "Success"
    assert finalizer.invoke(event("finalizer_request.json")) == {"batchItemFailures": []}  # redelivered: no-op


def workbook_rows(stack, import_id: str) -> list[tuple]:
    data = stack.s3.get_object(Bucket=stack.ref("FilesBucket"), Key=error_file_key("org-a", import_id))["Body"]
    return list(load_workbook(io.BytesIO(data.read())).worksheets[0].iter_rows(values_only=True))


def test_dead_letter_upload_given_up_by_the_validator(stack):
    _import(stack, "awaiting_upload")
    dead_letters = Environment(stack.functions["DeadLetterFunction"])
    assert dead_letters.invoke(event("dead_letter_upload_given_up.json")) == {"batchItemFailures": []}
    record = stack.stores.imports.get("org-a", IMPORT_ID)
    assert (record.status, record.failure_reason) == ("Failed", "the file could not be read: system error, "
                                                                      "retry it")
    assert record.uploaded_at == "2026-11-25T10:00:00.000Z"


def test_dead_letter_validation_request(stack):
    _import(stack, "validating", mapping={"Email": "email"})
    dead_letters = Environment(stack.functions["DeadLetterFunction"])
    assert dead_letters.invoke(event("dead_letter_validation_request.json")) == {"batchItemFailures": []}
    record = stack.stores.imports.get("org-a", IMPORT_ID)
    assert (record.status, record.stage) == ("Failed", "done")
    assert record.failure_reason.startswith("the file could not be read: system error")


MALFORMED_BATCHES = {
    "not JSON": "{'org_id': 'org-a'",
    "no import": json.dumps({"org_id": "org-a", "import_type": "contacts", "batch_no": 2, "rows": "",
                             "columns": [], "context": {}}),
    "an unknown import type": json.dumps({"org_id": "org-a", "import_id": IMPORT_ID, "import_type": "gifts",
                                          "batch_no": 2, "rows": "", "columns": [], "context": {}}),
}


def _after_a_malformed_copy(name: str, body: str) -> tuple[dict, str]:
    """The sample event with a copy of its record, whose body is malformed, first; and that copy's id."""
    (good,) = event(name)["Records"]
    bad = {**good, "messageId": "malformed-1", "body": body}
    return {"Records": [bad, good]}, bad["messageId"]


@pytest.mark.parametrize("kind", MALFORMED_BATCHES)
def test_a_malformed_batch_fails_alone_and_the_others_are_processed(stack, kind):
    _import(stack, "processing", rows_total=2, batches_total=2, headers=["First", "Last", "Email"])
    batches, bad_id = _after_a_malformed_copy("processor_batch.json", MALFORMED_BATCHES[kind])
    assert stack.processor.invoke(batches) == {"batchItemFailures": [{"itemIdentifier": bad_id}]}
    record = stack.stores.imports.get("org-a", IMPORT_ID)
    assert (record.batches_done, record.rows_processed) == (1, 2)


def test_a_malformed_batch_on_the_dead_letter_queue_fails_alone(stack):
    _import(stack, "processing", rows_total=2, batches_total=2, headers=["First", "Last", "Email"])
    batches, bad_id = _after_a_malformed_copy("dead_letter_batch.json", MALFORMED_BATCHES["no import"])
    dead_letters = Environment(stack.functions["DeadLetterFunction"])
    assert dead_letters.invoke(batches) == {"batchItemFailures": [{"itemIdentifier": bad_id}]}
    record = stack.stores.imports.get("org-a", IMPORT_ID)
    assert (record.batches_done, record.rows_failed) == (1, 2)
