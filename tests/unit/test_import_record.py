"""The typed Import: old items read as they did, newer fields are ignored, a bad stage is refused."""

import pytest
from pydantic import ValidationError

from donor_import.domain.import_record import Import, Stage, Status

OLD = {"org_id": "org-a", "import_id": "01JTESTXMPRT00000000000001", "stage": "processing", "status": "In Progress",
       "import_type": "contacts", "file_name": "c.csv", "file_key": "uploads/org-a/01JTESTXMPRT00000000000001/c.csv"}


def test_an_item_written_before_attempts_and_counters_reads_as_attempt_1_with_counters_0():
    record = Import.model_validate(OLD)
    assert (record.stage, record.status, record.attempt) == (Stage.PROCESSING, Status.IN_PROGRESS, 1)
    assert (record.rows_processed, record.rows_failed, record.batches_done, record.errors_fixed) == (0, 0, 0, 0)
    assert (record.contacts, record.can_load_to_list, record.options, record.mapping) == (0, False, {}, None)


def test_fields_a_newer_version_wrote_are_ignored_and_the_table_s_keys_are_not_kept():
    record = Import.model_validate({**OLD, "pk": "ORG#org-a", "active": "IN_PROGRESS", "undo_state": {"x": 1}})
    assert not hasattr(record, "undo_state") and "pk" not in record.model_dump()


def test_a_stage_or_status_it_does_not_know_is_refused():
    with pytest.raises(ValidationError):
        Import.model_validate({**OLD, "stage": "dry_run"})
    with pytest.raises(ValidationError):
        Import.model_validate({**OLD, "status": "Paused"})


def test_the_item_it_stores_holds_the_fields_it_was_given_with_enums_as_their_values():
    record = Import(org_id="org-a", import_id="01JTESTXMPRT00000000000001", stage=Stage.MAPPING,
                    status=Status.IN_PROGRESS, failure_reason=None)
    assert record.item() == {"org_id": "org-a", "import_id": "01JTESTXMPRT00000000000001", "stage": "mapping",
                             "status": "In Progress", "failure_reason": None}


def test_the_corrections_a_table_returns_as_a_list_read_as_a_set():
    record = Import.model_validate({**OLD, "status": "Success", "contacts_updated": 2, "corrected_by": ["B", "A"]})
    assert record.corrected_by == {"A", "B"} and record.can_load_to_list and record.contacts == 2
