"""How the API shows an import, against an in-memory file store: links while the files are kept (7 days) and,
in the detail view, only while they exist; what the user may do next; every stage's words in lifecycle order."""

from datetime import UTC, datetime, timedelta

from donor_import.api_models import ImportAnswer, answer
from donor_import.data.imports_repo import stamp
from donor_import.domain.import_record import Import, Stage
from donor_import.services.presenter import seconds_left, shown_preview, stage_labels, view


class FakeFiles:
    """The two calls the presenter makes of the file store: head (does the object exist) and a download link."""

    def __init__(self, kept: set[str]):
        self.kept = kept

    def head(self, key: str, version_id: str | None = None) -> dict | None:
        return {"ContentLength": 1} if key in self.kept else None

    def presigned_download(self, key: str, disposition: str, version_id: str | None = None) -> str:
        return f"https://files.example/{key}?v={version_id}"


KEY = "uploads/org-a/01J0000000000000000000000A/gifts.csv"


def record(status: str = "Failed", days_ago: float = 1, **changes) -> Import:
    uploaded = stamp(datetime.now(UTC) - timedelta(days=days_ago))
    return Import.model_validate({"org_id": "org-a", "import_id": "01J0000000000000000000000A", "created_at": uploaded,
            "import_type": "donations", "file_name": "gifts.csv", "file_key": KEY, "file_version": "v1",
            "uploaded_at": uploaded, "status": status, "stage": "done", "failure_reason": None, "rows_total": 2,
            "rows_validated": 2, "rows_processed": 2, "rows_failed": 0, "batches_total": 1, "batches_done": 1,
            "contacts_created": 0, "contacts_updated": 0, "mapping": {"Email": "email"},
            "options": {"default_region": "US", "date_orders": {}}, "created_by": {"sub": "u", "email": None},
            "allow_duplicate_file": False, **changes})


def test_a_failed_import_whose_file_is_kept_offers_it_and_a_retry():
    shown = view(FakeFiles({KEY}), record(), detail=True)
    assert shown["original_file_url"] == f"https://files.example/{KEY}?v=v1"
    assert shown["can_retry"] and not shown["original_file_expired"] and not shown["can_load_to_list"]
    assert answer(ImportAnswer, shown) == shown


def test_the_detail_view_offers_no_link_to_a_file_gone_but_the_list_trusts_its_age():
    files = FakeFiles(set())
    assert view(files, record(), detail=True)["original_file_url"] is None
    assert not view(files, record(), detail=True)["can_retry"]
    assert view(files, record())["original_file_url"] is not None


def test_after_seven_days_the_links_expire():
    shown = view(FakeFiles({KEY}), record(days_ago=7.1))
    assert shown["original_file_url"] is None and shown["original_file_expired"] and not shown["can_retry"]


def test_a_successful_import_with_contacts_may_be_loaded_to_a_list():
    shown = view(FakeFiles({KEY}), record("Success", contacts_created=2, contacts_updated=1))
    assert shown["contacts"] == 3 and shown["can_load_to_list"]
    assert not view(FakeFiles({KEY}), record("Success"))["can_load_to_list"]


def test_every_stage_has_the_words_a_user_reads_in_lifecycle_order():
    labels = stage_labels()
    assert list(labels) == [s.value for s in Stage] == ["awaiting_upload", "mapping", "validating", "processing",
                                                         "finalizing", "done"]
    assert all(label.strip() for label in labels.values())


def test_retry_is_offered_only_for_a_failure_a_retry_can_fix():
    files = FakeFiles({KEY})
    offered = {kind: view(files, record(failure_kind=kind), detail=True)["can_retry"]
               for kind in ("bad_file", "no_valid_rows", "expired", "system", "stalled", "cancelled")}
    assert offered == {"bad_file": False, "no_valid_rows": False, "expired": False, "system": True, "stalled": True,
                       "cancelled": True}


def test_a_donations_import_shows_its_gifts_by_currency_as_money():
    shown = view(FakeFiles({KEY}), record("Success", gift_count=3, gift_totals={"USD": "30.5", "EUR": "10"}))
    assert (shown["gift_count"], shown["gift_totals"]) == (3, {"EUR": "10.00", "USD": "30.50"})
    assert view(FakeFiles({KEY}), record("Success", import_type="contacts"))["gift_totals"] is None


def test_while_it_runs_contacts_are_a_running_figure_replaced_by_the_exact_one_at_the_end():
    running = view(FakeFiles({KEY}), record("In Progress", stage="processing", contacts_seen=40))
    assert (running["contacts_exact"], running["contacts_so_far"]) == (False, 40)
    ended = view(FakeFiles({KEY}), record("Success", contacts_seen=40, contacts_created=30))
    assert (ended["contacts_exact"], ended["contacts_so_far"], ended["contacts"]) == (True, None, 30)


def test_time_left_follows_the_pace_so_far_once_there_is_enough_to_estimate():
    started = datetime.now(UTC) - timedelta(seconds=60)
    running = {"stage": "processing", "rows_total": 10_000, "started_at": stamp(started)}
    at = started + timedelta(seconds=60)
    assert seconds_left(record("In Progress", **running, rows_processed=2_500, rows_failed=0), at) == 180
    assert seconds_left(record("In Progress", **running, rows_processed=100, rows_failed=0), at) is None, "1% done"
    soon = started + timedelta(seconds=2)
    assert seconds_left(record("In Progress", **running, rows_processed=2_500, rows_failed=0), soon) is None
    validating = {**running, "stage": "validating", "rows_total": 0}
    assert seconds_left(record("In Progress", **validating, rows_processed=2_500, rows_failed=0), at) is None


def test_a_preview_stored_before_dictionaries_said_what_an_unknown_value_does_is_still_shown():
    entry = {"field": "frequency", "label": "Frequency", "header": "Freq", "choices": ["monthly"], "values": []}
    stored = {"headers": ["Freq"], "sample": [{"row": 2, "cells": ["Monthly"]}], "value_dictionary": [entry]}

    (shown,) = shown_preview(stored)["value_dictionary"]
    assert shown["if_unmapped"] == "rejected"
