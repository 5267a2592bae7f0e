"""Validator work that ran out of retries, against in-memory stores: its import fails, unless it moved on."""

from datetime import UTC, datetime, timedelta

from donor_import.data.imports_repo import now
from donor_import.services.ending import given_up

from .helpers import ORG, an_import

ID = "01JTESTXMPRT00000000000001"


def _given_up_upload(record: dict) -> dict:
    return {"requestPayload": {"Records": [{"eventTime": "2026-01-05T10:00:00.000Z", "s3": {"object": {
        "key": record.file_key.replace(" ", "+"), "versionId": "v1"}}}]}}


def test_a_given_up_upload_fails_its_import_and_keeps_the_file_for_a_retry(stores):
    record = an_import(stores, ID)
    assert given_up.upload_given_up(stores, _given_up_upload(record)) == [ID]
    failed = stores.imports.get(ORG, ID)
    assert (failed.status, failed.failure_reason) == ("Failed", given_up.REASON)
    assert (failed.uploaded_at, failed.file_version) == ("2026-01-05T10:00:00.000Z", "v1")


def test_a_given_up_validation_fails_a_validating_import(stores):
    an_import(stores, ID, stage="validating")
    assert given_up.validation_given_up(stores, {"org_id": ORG, "import_id": ID}, datetime.now(UTC)) is True
    assert stores.imports.get(ORG, ID).failure_reason == given_up.REASON


def test_given_up_work_of_an_import_that_moved_on_changes_nothing(stores):
    an_import(stores, ID, stage="processing")
    before = stores.imports.get(ORG, ID)
    assert given_up.validation_given_up(stores, {"org_id": ORG, "import_id": ID}, datetime.now(UTC)) is False
    assert stores.imports.get(ORG, ID) == before


def test_given_up_work_from_before_a_retry_changes_nothing(stores):
    an_import(stores, ID, stage="validating", retried_at=now())
    asked = datetime.now(UTC) - timedelta(minutes=20)
    assert given_up.validation_given_up(stores, {"org_id": ORG, "import_id": ID}, asked) is False
    assert stores.imports.get(ORG, ID).status == "In Progress"
