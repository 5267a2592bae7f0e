"""Validator work that ran out of retries ends its import Failed, once, and only the import it was for."""

import json
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import quote_plus

import pytest

from donor_import.data import imports_repo
from donor_import.services.ending.given_up import REASON
from local.event_sources import on_failure_record, sqs_record
from local.lambdas import Environment


@pytest.fixture
def dead_letters(stack):
    environment = Environment(stack.functions["DeadLetterFunction"])

    def deliver(body: dict, sent: datetime | None = None) -> None:
        sent_ms = int((sent or datetime.now(UTC)).timestamp() * 1000)
        message = {"MessageId": f"m-{time.monotonic_ns()}", "ReceiptHandle": "r", "Body": json.dumps(body),
                   "Attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": str(sent_ms)}}
        answer = environment.invoke({"Records": [sqs_record(message, "arn:aws:sqs:us-east-1:1:dead")]})
        assert answer == {"batchItemFailures": []}

    return deliver


def created(stack, file_name: str = "my contacts.csv", mapping=None) -> tuple[str, str]:
    body = {"import_type": "contacts", "file_name": file_name, **({"mapping": mapping} if mapping else {})}
    status, answer = stack.call("POST", "/imports", body)
    assert status == 201
    key = answer["upload"]["fields"]["key"]
    stack.s3.put_object(Bucket=stack.ref("FilesBucket"), Key=key, Body=b"Email\nada@example.org\n")
    return answer["import"]["import_id"], key


def given_up_upload(stack, key: str, at: datetime | None = None) -> dict:
    moment = (at or datetime.now(UTC)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    event = {"Records": [{"eventSource": "aws:s3", "eventTime": moment, "eventName": "ObjectCreated:Post",
                          "s3": {"bucket": {"name": stack.ref("FilesBucket")},
                                 "object": {"key": quote_plus(key, safe="/"), "size": 22}}}]}
    return on_failure_record("ValidatorFunction", event, RuntimeError("down"), attempts=3)


def test_a_given_up_upload_fails_its_import_once_and_a_duplicate_changes_nothing(stack, dead_letters):
    import_id, key = created(stack)
    record = given_up_upload(stack, key)
    dead_letters(record)
    ended = stack.stores.imports.get("org-a", import_id)
    assert (ended.status, ended.stage, ended.failure_reason) == ("Failed", "done", REASON)
    dead_letters(record)
    assert stack.stores.imports.get("org-a", import_id) == ended
    assert stack.call("GET", f"/imports/{import_id}")[1]["can_retry"] is True


def test_a_given_up_upload_of_an_import_that_moved_on_changes_nothing(stack, dead_letters):
    import_id, key = created(stack)
    stack.upload(key, b"Email\nada@example.org\n")  # a later delivery of the event worked: stage mapping
    before = stack.stores.imports.get("org-a", import_id)
    assert before.stage == "mapping"
    dead_letters(given_up_upload(stack, key))
    assert stack.stores.imports.get("org-a", import_id) == before


def test_given_up_work_from_before_a_retry_does_not_fail_the_retry(stack, dead_letters):
    import_id, key = created(stack)
    asked = datetime.now(UTC) - timedelta(minutes=20)
    now = imports_repo.now()
    stack.stores.imports.update("org-a", import_id, {"retried_at": now, "uploaded_at": now})
    dead_letters(given_up_upload(stack, key, at=asked))
    dead_letters({"org_id": "org-a", "import_id": import_id}, sent=asked)
    assert stack.stores.imports.get("org-a", import_id).status == "In Progress"


def test_a_dead_validation_request_fails_a_validating_import_but_not_one_further_on(stack, dead_letters):
    validating, _ = created(stack, mapping={"Email": "email"})
    stack.stores.imports.update("org-a", validating, {"stage": "validating", "uploaded_at": imports_repo.now()})
    dead_letters({"org_id": "org-a", "import_id": validating})
    assert stack.stores.imports.get("org-a", validating).failure_reason == REASON
    processing, _ = created(stack, mapping={"Email": "email"})
    stack.stores.imports.update("org-a", processing, {"stage": "processing", "batches_total": 3})
    dead_letters({"org_id": "org-a", "import_id": processing})
    assert stack.stores.imports.get("org-a", processing).stage == "processing"
