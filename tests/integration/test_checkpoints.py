"""A validator that runs short of time stops at a checkpoint and a continuation picks up from there:
every row is sent exactly once, in order, and the import ends with exact counts."""

import json

from donor_import.config import settings
from donor_import.services import validation_run
from local.wrapping import overriding


def _validate_each_request(stack, stores_for, time_left_for) -> int:
    """Deliver the validation queue to the validator's use case, the n-th request (from 1) with the stores and the
    clock given for it; returns how many were delivered."""
    url, delivered = stack.ref("ValidationQueue"), 0
    while messages := stack.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1).get("Messages"):
        delivered += 1
        request = json.loads(messages[0]["Body"])
        validation_run.on_validation_request(stores_for(delivered), request["org_id"], request["import_id"],
                                        time_left_for(delivered), request.get("retries", 0))
        stack.sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
    return delivered


def test_validation_continues_from_checkpoints_until_the_file_is_done(stack, monkeypatch):
    monkeypatch.setenv("BATCH_ROWS", "100")
    settings.cache_clear()
    rows = "".join(f"p{n}@example.org,{'Name' if n % 7 else ''}\n" for n in range(3500))
    status, created = stack.call("POST", "/imports", {
        "import_type": "contacts", "file_name": "big.csv", "mapping": {"Email": "email", "Name": "first_name"}})
    import_id = created["import"]["import_id"]
    stack.upload(created["upload"]["fields"]["key"], ("Email,Name\n" + rows).encode())

    checks = iter(range(10_000))

    def time_left() -> float:  # time is checked every 1,000 rows: plenty twice, then short
        return 1e9 if next(checks) % 3 < 2 else 0

    invocations = _validate_each_request(stack, lambda _n: stack.stores, lambda _n: time_left)
    stack.settle()

    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert invocations == 2  # rows 1-3,000, then 3,001-3,500
    assert (shown["status"], shown["rows_total"], shown["rows_processed"]) == ("Success", 3500, 3500)
    assert shown["batches_total"] == 35 and shown["contacts_created"] == 3500


def test_a_retry_after_a_validation_failed_past_a_checkpoint_reads_the_file_from_the_start(stack, monkeypatch):
    monkeypatch.setenv("BATCH_ROWS", "100")
    settings.cache_clear()
    rows = "".join(f"p{n}@example.org,Name\n" for n in range(3500))
    created = stack.call("POST", "/imports", {
        "import_type": "contacts", "file_name": "big.csv", "mapping": {"Email": "email", "Name": "first_name"}})[1]
    import_id = created["import"]["import_id"]
    stack.upload(created["upload"]["fields"]["key"], ("Email,Name\n" + rows).encode())

    def s3_down(*_args, **_kwargs):
        raise OSError("S3 down")

    # The continuation after the checkpoint meets a system error.
    broken = overriding(stack.stores, files={"download": s3_down})
    checks = iter(range(10_000))
    short_after_one_check = lambda: 1e9 if next(checks) < 1 else 0  # noqa: E731
    invocations = _validate_each_request(stack, lambda n: stack.stores if n == 1 else broken,
                                         lambda n: short_after_one_check if n == 1 else lambda: float("inf"))
    stack.settle()
    failed = stack.call("GET", f"/imports/{import_id}")[1]
    assert (failed["status"], invocations) == ("Failed", 2)

    assert stack.call("POST", f"/imports/{import_id}/retry", {})[0] == 200
    stack.settle()
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_total"], shown["rows_validated"], shown["rows_processed"]) == (
        "Success", 3500, 3500, 3500)
    assert shown["batches_done"] == shown["batches_total"] == 35
