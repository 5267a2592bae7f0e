"""A validator that runs short of time stops at a checkpoint and a continuation picks up from there:
every row is sent exactly once, in order, and the import ends with exact counts."""

from donor_import.config import settings
from donor_import.services import validator


def test_validation_continues_from_checkpoints_until_the_file_is_done(stack, monkeypatch):
    monkeypatch.setenv("BATCH_ROWS", "100")
    settings.cache_clear()
    rows = "".join(f"p{n}@example.org,{'Name' if n % 7 else ''}\n" for n in range(3500))
    status, created = stack.call("POST", "/imports", {
        "import_type": "contacts", "file_name": "big.csv", "mapping": {"Email": "email", "Name": "first_name"}})
    import_id = created["import"]["import_id"]
    stack.upload(created["upload"]["fields"]["key"], ("Email,Name\n" + rows).encode())

    invocations = []
    checks = iter(range(10_000))

    def time_left() -> float:  # time is checked every 1,000 rows: plenty twice, then short
        return 1e9 if next(checks) % 3 < 2 else 0

    real = validator.validate
    monkeypatch.setattr(validator, "validate", lambda org, imp, _left=None, retries=0: (
        invocations.append(imp), real(org, imp, time_left))[1])
    stack.settle()

    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert len(invocations) == 2  # rows 1-3,000, then 3,001-3,500
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

    real_validate, real_download = validator.validate, validator.files.download
    invocations = []

    def first_short_then_broken(org, imp, _left=None, retries=0):
        invocations.append(imp)
        if len(invocations) == 2:  # the continuation after the checkpoint meets a system error
            monkeypatch.setattr(validator.files, "download", lambda *_: (_ for _ in ()).throw(OSError("S3 down")))
        checks = iter(range(10_000))
        real_validate(org, imp, (lambda: 1e9 if next(checks) < 1 else 0) if len(invocations) == 1 else None)

    monkeypatch.setattr(validator, "validate", first_short_then_broken)
    stack.settle()
    failed = stack.call("GET", f"/imports/{import_id}")[1]
    assert (failed["status"], len(invocations)) == ("Failed", 2)

    monkeypatch.setattr(validator.files, "download", real_download)
    monkeypatch.setattr(validator, "validate", real_validate)
    assert stack.call("POST", f"/imports/{import_id}/retry", {})[0] == 200
    stack.settle()
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_total"], shown["rows_validated"], shown["rows_processed"]) == (
        "Success", 3500, 3500, 3500)
    assert shown["batches_done"] == shown["batches_total"] == 35
