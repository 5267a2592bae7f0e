"""The validator against in-memory stores: a mapping offered, a validation run into batches, a validation that
stops at a checkpoint and continues, a file refused."""

import itertools

from donor_import.domain.batch_message import decode_rows
from donor_import.services import intake, validation_run

from .helpers import ORG, an_import

PEOPLE = b"Email,First Name\nada@example.org,Ada\ngrace@example.org,Grace\nalan@example.org,Alan\n"
MAPPING = {"Email": "email", "First Name": "first_name"}


def _uploaded(stores, data: bytes = PEOPLE, **fields) -> dict:
    record = an_import(stores, **fields)
    stores.files.objects[record.file_key] = data
    return record


def test_a_file_without_a_mapping_is_offered_one_and_waits_for_the_user(stores):
    record = _uploaded(stores)
    intake.on_upload(stores, record.file_key, "v1")
    waiting = stores.imports.get(ORG, record.import_id)
    assert (waiting.stage, waiting.file_version) == ("mapping", "v1")
    assert waiting.preview["headers"] == ["Email", "First Name"]
    assert waiting.preview["suggested_mapping"] == MAPPING
    assert [s["row"] for s in waiting.preview["sample"]] == [2, 3, 4]
    assert stores.queues.validations == [] and stores.queues.batches == []


def test_a_file_with_a_mapping_is_validated_into_batches_and_goes_on_to_processing(stores):
    record = _uploaded(stores, mapping=MAPPING)
    intake.on_upload(stores, record.file_key, "v1")
    assert stores.imports.get(ORG, record.import_id).stage == "validating"
    (request,) = stores.queues.validations
    validation_run.on_validation_request(stores, ORG, request["import_id"], lambda: float("inf"))

    done = stores.imports.get(ORG, record.import_id)
    assert (done.stage, done.rows_total, done.batches_total) == ("processing", 3, 2)  # BATCH_ROWS is 2
    assert "checkpoint" not in stores.imports.items[(ORG, record.import_id)] and done.headers == ["Email", "First Name"]
    sent = [(b["batch_no"], [n for n, _ in decode_rows(b["rows"])]) for b in stores.queues.batches]
    assert sent == [(1, [2, 3]), (2, [4])]


def test_a_second_upload_event_for_the_same_import_changes_nothing(stores):
    record = _uploaded(stores, mapping=MAPPING)
    intake.on_upload(stores, record.file_key, "v1")
    intake.on_upload(stores, record.file_key, "v1")
    assert len(stores.queues.validations) == 1


def test_short_of_time_it_stops_at_a_checkpoint_and_the_continuation_sends_the_rest_once(stores):
    rows = "".join(f"p{n}@example.org,P{n}\n" for n in range(2500))
    record = _uploaded(stores, ("Email,First Name\n" + rows).encode(), mapping=MAPPING, stage="validating")
    checks = itertools.count()
    validation_run.validate(stores, ORG, record.import_id, lambda: 1e9 if next(checks) < 1 else 0)

    paused = stores.imports.get(ORG, record.import_id)
    assert (paused.stage, paused.rows_validated, paused.checkpoint["rows"]) == ("validating", 2000, 2000)
    assert len(stores.queues.validations) == 1  # the continuation, asked for
    validation_run.validate(stores, ORG, record.import_id)

    done = stores.imports.get(ORG, record.import_id)
    numbers = [n for b in stores.queues.batches for n, _ in decode_rows(b["rows"])]
    assert numbers == list(range(2, 2502))  # every row once, in order
    assert [b["batch_no"] for b in stores.queues.batches] == list(range(1, 1251))
    assert (done.stage, done.rows_total, done.batches_total) == ("processing", 2500, 1250)


def test_a_file_without_data_rows_is_refused_with_a_reason(stores):
    record = _uploaded(stores, b"Email,First Name\n")
    intake.on_upload(stores, record.file_key, "v1")
    failed = stores.imports.get(ORG, record.import_id)
    assert (failed.status, failed.stage) == ("Failed", "done")
    assert failed.failure_reason == "the file has a header row but no data rows"


def test_a_file_lacking_a_required_column_fails_the_validation(stores):
    record = _uploaded(stores, b"Email,Amount\nada@example.org,10\n", mapping={"Email": "email", "Amount": "amount"},
                       stage="validating", import_type="donations")
    validation_run.validate(stores, ORG, record.import_id)
    failed = stores.imports.get(ORG, record.import_id)
    assert failed.status == "Failed" and failed.failure_reason == "the file lacks the required column(s) for date"
    assert stores.queues.batches == []
