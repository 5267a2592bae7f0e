"""Creating, confirming and retrying imports against in-memory stores."""

import pytest

from donor_import.data.file_keys import upload_key
from donor_import.data.imports_repo import parse_stamp
from donor_import.domain.ids import first_id_at, last_id_at
from donor_import.domain.import_record import User
from donor_import.services import import_api
from donor_import.services.errors import Conflict, Unprocessable

from .helpers import ORG, an_import

ID = "01JTESTXMPRT00000000000001"
MAPPING = {"Email": "email", "First Name": "first_name"}


def test_a_created_import_awaits_its_upload_under_its_own_key(stores):
    user = User(sub="u-1", email="ada@example.org")
    created = import_api.create_import(stores, ORG, user, "contacts", "My People.csv", None, None)
    import_id = created["import"]["import_id"]
    record = stores.imports.get(ORG, import_id)
    assert (record.stage, record.status, record.created_by) == (
        "awaiting_upload", "In Progress", user)
    assert created["upload"]["fields"]["key"] == record.file_key == f"uploads/{ORG}/{import_id}/My People.csv"
    assert created["upload"]["fields"]["Content-Type"] == "text/csv"
    assert stores.imports.stalled("9999") == [(ORG, import_id)]  # active, for the watchdog


def test_a_created_import_is_found_by_the_range_of_its_created_at_day(stores):
    """Its id is made in the millisecond of its created_at: a range of days reads ids by that."""
    for _ in range(200):
        created = import_api.create_import(stores, ORG, User(sub="u-1"), "contacts", "p.csv", None, None)["import"]
        moment = parse_stamp(created["created_at"])
        assert first_id_at(moment) <= created["import_id"] <= last_id_at(moment)


def test_an_up_front_mapping_without_the_required_fields_is_refused(stores):
    with pytest.raises(Unprocessable, match="required field"):
        import_api.create_import(stores, ORG, User(sub="u-1"), "donations", "gifts.csv", {"Email": "email"}, None)
    assert stores.imports.items == {}


def _waiting_for_mapping(stores) -> None:
    an_import(stores, ID, stage="mapping", preview={"headers": ["Email", "First Name"], "sample": []})


def test_a_confirmed_mapping_starts_the_validation_once_and_may_be_saved(stores):
    _waiting_for_mapping(stores)
    shown = import_api.confirm_mapping(stores, ORG, ID, MAPPING, None, save=True)
    assert (shown["stage"], shown["mapping"]) == ("validating", MAPPING)
    assert "preview" not in stores.imports.items[(ORG, ID)]
    assert [r["import_id"] for r in stores.queues.validations] == [ID]
    (saved,) = stores.imports.mappings.values()
    assert saved["mapping"] == MAPPING
    with pytest.raises(Conflict):
        import_api.confirm_mapping(stores, ORG, ID, MAPPING, None, save=False)
    assert len(stores.queues.validations) == 1


def test_a_failed_import_is_retried_as_a_new_attempt_with_its_counts_reset(stores):
    an_import(stores, ID, stage="done", status="Failed", failure_reason="broken", mapping=MAPPING, attempt=1,
              uploaded_at="2099-01-01T00:00:00.000Z", rows_processed=7, finished_at="2099-01-01T00:00:00.000Z")
    stores.files.objects[upload_key(ORG, ID, "people.csv")] = b"Email\nada@example.org\n"
    stores.imports.update(ORG, ID, {}, remove=("active",))
    shown = import_api.retry(stores, ORG, ID)
    record = stores.imports.get(ORG, ID)
    assert (shown["status"], shown["stage"], record.attempt) == ("In Progress", "validating", 2)
    assert (record.rows_processed, record.failure_reason, record.finished_at) == (0, None, None)
    assert stores.imports.items[(ORG, ID)]["active"]  # the watchdog sees it again
    assert [r["import_id"] for r in stores.queues.validations] == [ID]
    with pytest.raises(Conflict, match="only a Failed import"):
        import_api.retry(stores, ORG, ID)


def test_a_failed_import_whose_file_is_gone_cannot_be_retried(stores):
    an_import(stores, ID, stage="done", status="Failed", uploaded_at="2099-01-01T00:00:00.000Z")
    with pytest.raises(Conflict, match="no longer kept"):
        import_api.retry(stores, ORG, ID)
    assert stores.queues.validations == []


def _refused_as_a_duplicate(stores) -> None:
    an_import(stores, ID, stage="done", status="Failed", failure_kind="duplicate_file", mapping=MAPPING,
              failure_reason="the same file is being imported", duplicate_of="01JTESTXMPRT00000000000000",
              uploaded_at="2099-01-01T00:00:00.000Z")
    stores.files.objects[upload_key(ORG, ID, "people.csv")] = b"Email\nada@example.org\n"


def test_import_anyway_retries_a_refused_duplicate_with_the_duplicate_allowed(stores):
    _refused_as_a_duplicate(stores)
    shown = import_api.retry(stores, ORG, ID, allow_duplicate_file=True)
    assert (shown["status"], shown["allow_duplicate_file"]) == ("In Progress", True)
    assert stores.imports.get(ORG, ID).allow_duplicate_file


def test_a_plain_retry_of_a_refused_duplicate_checks_again(stores):
    _refused_as_a_duplicate(stores)
    assert import_api.retry(stores, ORG, ID)["allow_duplicate_file"] is False


@pytest.mark.parametrize(("options", "reason"), [
    ({"match_rule": "fuzzy"}, "'fuzzy' is not a match rule (standard, email, external_id, never)"),
    ({"update_mode": "replace"}, "'replace' is not an update mode (update, fill_empty, keep)"),
])
def test_an_unknown_match_rule_or_update_mode_is_unprocessable_naming_the_choices(stores, options, reason):
    with pytest.raises(Unprocessable) as refused:
        import_api.create_import(stores, ORG, User(sub="u-1"), "donations", "gifts.csv", None, options)
    assert refused.value.message == reason and stores.imports.items == {}
