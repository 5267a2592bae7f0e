"""The watchdog against in-memory stores: stalled imports ended, a lost finalization asked for again."""

from datetime import UTC, datetime, timedelta

import pytest

from donor_import.config import settings
from donor_import.services.ending import watchdog

from .helpers import ORG, an_import


def _later(hours: float = 3) -> datetime:
    return datetime.now(UTC) + timedelta(hours=hours)  # the stall limit is 3,900 s


def test_a_stalled_validation_is_ended_with_a_reason_that_says_where_it_stopped(stores):
    an_import(stores, "01JTESTXMPRT00000000000001", stage="validating", batches_total=0)
    assert watchdog.sweep(stores, _later()) == ["01JTESTXMPRT00000000000001"]
    ended = stores.imports.get(ORG, "01JTESTXMPRT00000000000001")
    assert (ended.status, ended.stage) == ("Failed", "done")
    assert ended.failure_reason.startswith("the import stopped making progress at stage 'validating'")
    assert watchdog.sweep(stores, _later()) == []  # ended: no longer active


def test_an_import_that_moved_recently_is_left_alone(stores):
    an_import(stores, "01JTESTXMPRT00000000000001", stage="processing")
    assert watchdog.sweep(stores, _later(0.5)) == []
    assert stores.imports.get(ORG, "01JTESTXMPRT00000000000001").status == "In Progress"


def test_a_lost_finalization_is_asked_for_again(stores):
    an_import(stores, "01JTESTXMPRT00000000000001", stage="finalizing", attempt=2)
    assert watchdog.sweep(stores, _later()) == ["01JTESTXMPRT00000000000001"]
    assert stores.queues.finalizations == [{"org_id": ORG, "import_id": "01JTESTXMPRT00000000000001", "attempt": 2}]
    assert stores.imports.get(ORG, "01JTESTXMPRT00000000000001").status == "In Progress"


def test_a_processed_import_whose_flip_was_lost_is_flipped(stores):
    an_import(stores, "01JTESTXMPRT00000000000001", stage="processing", batches_total=2, batches_done=2)
    assert watchdog.sweep(stores, _later()) == ["01JTESTXMPRT00000000000001"]
    assert stores.imports.get(ORG, "01JTESTXMPRT00000000000001").stage == "finalizing"


def test_an_import_waiting_for_its_mapping_waits_a_week_by_default(stores):
    an_import(stores, "01JTESTXMPRT00000000000001", stage="mapping")
    assert watchdog.sweep(stores, _later()) == []
    assert watchdog.sweep(stores, _later(8 * 24)) == ["01JTESTXMPRT00000000000001"]
    ended = stores.imports.get(ORG, "01JTESTXMPRT00000000000001")
    assert (ended.failure_kind, ended.retry_helps) == ("expired", False)
    assert ended.failure_reason.startswith("the column mapping was not confirmed within 8 days: the import expired")


@pytest.mark.parametrize("expiry", [600, 7200])
def test_an_import_waiting_for_its_mapping_expires_after_the_configured_time(stores, monkeypatch, expiry):
    monkeypatch.setenv("MAPPING_EXPIRY_SECONDS", str(expiry))
    settings.cache_clear()
    an_import(stores, "01JTESTXMPRT00000000000001", stage="mapping")
    start = datetime.now(UTC)
    assert watchdog.sweep(stores, start + timedelta(seconds=expiry - 5)) == []
    assert watchdog.sweep(stores, start + timedelta(seconds=expiry + 5)) == ["01JTESTXMPRT00000000000001"]
    assert stores.imports.get(ORG, "01JTESTXMPRT00000000000001").failure_kind == "expired"


def test_a_stalled_import_can_be_retried_an_expired_upload_cannot(stores):
    an_import(stores, "01JTESTXMPRT00000000000001", stage="processing", batches_total=3)
    an_import(stores, "01JTESTXMPRT00000000000002", stage="awaiting_upload")
    watchdog.sweep(stores, _later())
    stalled, unused = (stores.imports.get(ORG, f"01JTESTXMPRT0000000000000{n}") for n in (1, 2))
    assert (stalled.failure_kind, stalled.retry_helps) == ("stalled", True)
    assert (unused.failure_kind, unused.retry_helps) == ("expired", False)
