"""Fencing: a batch belongs to one attempt of one import. Late batches of an attempt the watchdog ended, or of an
import no longer validating or processing, are acknowledged and dropped before any CRM write; they never count
into the attempt that runs now."""

from datetime import UTC, datetime, timedelta

import boto3

from donor_import.config import settings
from donor_import.data.imports_repo import Counting
from donor_import.services.ending import watchdog
from local.event_sources import sqs_record
from local.lambdas import Environment

ROWS, BATCH_ROWS = 1200, 100
MAPPING = {"Email": "email", "Name": "first_name"}


def _file() -> bytes:
    return ("Email,Name\n" + "".join(f"p{n}@example.org,Name{n}\n" for n in range(ROWS))).encode()


def _start(stack, monkeypatch) -> str:
    """An import validated, its batches sent and not yet delivered."""
    monkeypatch.setenv("BATCH_ROWS", str(BATCH_ROWS))
    settings.cache_clear()
    created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "people.csv",
                                              "mapping": MAPPING})[1]
    stack.upload(created["upload"]["fields"]["key"], _file())
    stack.validate()
    return created["import"]["import_id"]


def _take_batches(stack) -> list[dict]:
    """Every message on the batch queue, taken off it: in flight, as a slow or crashed processor holds them."""
    url, taken = stack.ref("BatchQueue"), []
    while messages := stack.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                                MessageSystemAttributeNames=["All"]).get("Messages"):
        for message in messages:
            stack.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        taken += messages
    return sorted(taken, key=lambda m: m["Body"])


def _deliver(stack, environment: Environment, messages: list[dict], queue: str = "BatchQueue") -> None:
    arn = stack.refs.values[queue]["Arn"]
    for start in range(0, len(messages), 5):
        answer = environment.invoke({"Records": [sqs_record(m, arn) for m in messages[start:start + 5]]})
        assert answer == {"batchItemFailures": []}  # a stale batch is acknowledged, not retried


def _watchdog_ends_it(stack, import_id: str) -> None:
    later = datetime.now(UTC) + timedelta(seconds=settings().stall_seconds + 60)
    assert watchdog.sweep(stack.stores, later) == [import_id]


def _contact_items(stack) -> int:
    table = boto3.resource("dynamodb").Table(stack.ref("RecordsTable"))
    return sum(1 for item in table.scan()["Items"] if item["sk"] == "PROFILE")


def test_a_retry_after_the_watchdog_counts_exactly_though_attempt_1_batches_arrive_late(stack, monkeypatch):
    import_id = _start(stack, monkeypatch)
    attempt_1 = _take_batches(stack)
    assert len(attempt_1) == ROWS // BATCH_ROWS
    _deliver(stack, stack.processor, attempt_1[:4])  # four batches done, then the processors stall
    _watchdog_ends_it(stack, import_id)
    assert stack.call("GET", f"/imports/{import_id}")[1]["status"] == "Failed"

    assert stack.call("POST", f"/imports/{import_id}/retry", {})[0] == 200
    stack.validate()  # attempt 2 sends its batches
    _deliver(stack, stack.processor, attempt_1)  # ...and every batch of attempt 1 arrives late, first
    stack.settle()

    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_total"], shown["rows_processed"], shown["rows_with_errors"]) == (
        "Success", ROWS, ROWS, 0)
    assert shown["batches_done"] == shown["batches_total"] == ROWS // BATCH_ROWS
    assert shown["contacts"] == ROWS


def test_a_batch_of_a_failed_import_writes_nothing(stack, monkeypatch):
    import_id = _start(stack, monkeypatch)
    batches = _take_batches(stack)
    _watchdog_ends_it(stack, import_id)

    _deliver(stack, stack.processor, batches[:3])

    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_processed"], shown["batches_done"]) == ("Failed", 0, 0)
    assert _contact_items(stack) == 0


def test_a_dead_letter_batch_of_a_stale_attempt_counts_nothing(stack, monkeypatch):
    import_id = _start(stack, monkeypatch)
    attempt_1 = _take_batches(stack)
    _watchdog_ends_it(stack, import_id)
    assert stack.call("POST", f"/imports/{import_id}/retry", {})[0] == 200
    stack.validate()

    _deliver(stack, Environment(stack.functions["DeadLetterFunction"]), attempt_1[:2], "BatchDeadLetterQueue")
    stack.settle()

    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_processed"], shown["rows_with_errors"]) == ("Success", ROWS, 0)


def test_the_count_itself_is_fenced_when_the_import_moves_on_between_the_check_and_the_count(stack, monkeypatch):
    """The race the processor's first read cannot close: the counter update is conditional on attempt and stage."""
    import_id = _start(stack, monkeypatch)
    imports = stack.stores.imports
    assert imports.record_batch("org-a", import_id, 1, 1, processed=100, failed=0) is Counting.COUNTED
    assert imports.record_batch("org-a", import_id, 1, 1, processed=100, failed=0) is Counting.COUNTED_BEFORE
    _watchdog_ends_it(stack, import_id)
    assert stack.stores.imports.record_batch("org-a", import_id, 1, 2, processed=100, failed=0) is Counting.STALE
    assert stack.call("POST", f"/imports/{import_id}/retry", {})[0] == 200
    assert stack.stores.imports.record_batch("org-a", import_id, 1, 3, processed=100, failed=0) is Counting.STALE
    assert not stack.stores.imports.batch_counted(import_id, 1, 3)  # the cancelled transaction left no marker
    assert stack.stores.imports.record_batch("org-a", import_id, 2, 1, processed=100, failed=0) is Counting.COUNTED
    assert stack.stores.imports.get("org-a", import_id).rows_processed == 100
