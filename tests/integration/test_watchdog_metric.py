"""The watchdog through its handler and its metric: it publishes how long the stalest import went without
progress (StalledImportAlarm watches it), and finishes an import whose ending was lost."""

from datetime import UTC, datetime, timedelta

import pytest

from donor_import import telemetry
from donor_import.config import settings
from donor_import.data import imports_repo
from donor_import.data.file_keys import upload_key
from donor_import.data.stores import build
from donor_import.domain.import_record import Import
from donor_import.services.ending.watchdog import sweep
from local.lambdas import Environment

# Two good rows and one whose email is not one (rejected); the blank row is no row.
CONTACTS = b"First,Email\nAda,ada@example.org\nGrace,grace@example.org\n,\n,not-an-email\n"
MAPPING = {"First": "first_name", "Email": "email"}


def _import(import_id: str, stage: str) -> None:
    build().imports.create(Import.model_validate({
        "org_id": "org-a", "import_id": import_id, "created_at": imports_repo.now(), "import_type": "contacts",
        "file_name": "c.csv", "file_key": upload_key("org-a", import_id, "c.csv"), "status": "In Progress",
        "stage": stage, "mapping": None, "options": {}, "rows_total": 0, "rows_processed": 0, "rows_failed": 0,
        "batches_total": 0, "batches_done": 0, "contacts_created": 0, "contacts_updated": 0,
    }))


def published_age() -> list[float]:
    value = telemetry.metrics.metric_set.pop("OldestActiveImportAgeSeconds")
    assert value["Unit"] == "Seconds"
    return value["Value"]


def test_each_sweep_publishes_the_idle_time_of_the_stalest_import_not_waiting_for_the_user(stack):
    _import("01KSTALLED0000000000000000", "validating")
    _import("01KWAITING0000000000000000", "mapping")  # waiting for the user: not stalled, however old
    idle = 2 * settings().stall_seconds
    later = datetime.now(UTC) + timedelta(seconds=idle)
    assert sweep(stack.stores, later) == ["01KSTALLED0000000000000000"]
    assert published_age() == [pytest.approx(idle, abs=5)]
    assert sweep(stack.stores, later) == []
    assert published_age() == [0]


def test_the_watchdog_finishes_an_import_whose_ending_was_lost(stack, monkeypatch):
    """A crash while finalizing leaves the import at stage 'finalizing': the watchdog, through its handler,
    asks for its finalization again, and the finalizer writes the same results and error workbook from the
    work files."""
    shown = stack.run_import("contacts", "contacts.csv", CONTACTS, MAPPING)
    assert (shown["status"], shown["rows_with_errors"]) == ("Success", 1), shown
    import_id = shown["import_id"]
    stack.stores.imports.update("org-a", import_id, {"status": "In Progress", "stage": "finalizing",
                                             "active": imports_repo.ACTIVE})
    monkeypatch.setenv("STALL_SECONDS", "0")
    settings.cache_clear()
    watchdog = Environment(stack.functions["WatchdogFunction"])
    assert watchdog.invoke({}) == {"ended": [import_id]}
    assert stack.finalize() == 1
    again = stack.call("GET", f"/imports/{import_id}")[1]
    assert {k: again[k] for k in ("status", "stage", "rows_with_errors", "contacts_created")} == {
        "status": "Success", "stage": "done", "rows_with_errors": 1, "contacts_created": shown["contacts_created"]}
