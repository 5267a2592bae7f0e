"""The lifecycle's transitions: where each may leave from, what it sets, and the store applying each as one
conditional update (the in-memory table keeps the real one's conditions)."""

import pytest

from donor_import.domain import lifecycle
from donor_import.domain.import_record import Import, Stage
from tests.fakes import FakeImports

ORG, ID = "org-a", "01JTESTXMPRT00000000000001"
TRANSITIONS = {name: value for name, value in vars(lifecycle).items() if isinstance(value, lifecycle.Transition)}
ALLOWED = {  # the stages each transition leaves from; None: any
    "NOTE": None, "OFFER_MAPPING": {"awaiting_upload"}, "START_VALIDATION": {"awaiting_upload"},
    "CONFIRM_MAPPING": {"mapping"}, "REREAD_PREVIEW": {"mapping"}, "HEARTBEAT": {"validating"},
    "CHECKPOINT": {"validating"},
    "START_PROCESSING": {"validating"}, "START_FINALIZING": {"processing"},
    "ASK_FINALIZATION_AGAIN": {"finalizing"}, "FINISH": {"finalizing"},
    "FAIL": {"awaiting_upload", "mapping", "validating", "processing", "finalizing"}, "RETRY": {"done"},
    "CANCEL": {"awaiting_upload", "mapping", "validating", "processing"}, "CLAIM_LIST": {"done"},
    "LIST_WRITTEN": {"done"},
}


def _at(stage: str, attempt: int = 1) -> FakeImports:
    imports = FakeImports()
    imports.create(Import(org_id=ORG, import_id=ID, stage=stage, status="In Progress", attempt=attempt,
                          checkpoint={"rows": 1}, preview={}))
    return imports


def test_every_transition_is_listed_here():
    assert set(TRANSITIONS) == set(ALLOWED)


@pytest.mark.parametrize("name", sorted(ALLOWED))
@pytest.mark.parametrize("stage", [s.value for s in Stage])
def test_a_transition_is_applied_only_from_the_stages_it_leaves(name, stage):
    transition, imports = TRANSITIONS[name], _at(stage)
    applied = imports.apply(ORG, ID, transition, attempt=1 if transition.fenced else None)
    assert applied == (ALLOWED[name] is None or stage in ALLOWED[name])
    after = imports.get(ORG, ID)
    assert (after.stage == transition.sets.get("stage", stage)) if applied else after.stage == stage


@pytest.mark.parametrize("name", [n for n, t in TRANSITIONS.items() if t.fenced])
def test_a_fenced_transition_needs_the_import_at_its_attempt(name):
    transition = TRANSITIONS[name]
    stage = next(iter(ALLOWED[name]))
    assert _at(stage, attempt=2).apply(ORG, ID, transition, attempt=1) is False
    assert _at(stage, attempt=2).apply(ORG, ID, transition, attempt=2) is True
    with pytest.raises(ValueError, match="fenced"):
        _at(stage).apply(ORG, ID, transition)


def test_failing_ends_the_import_drops_its_checkpoint_and_leaves_the_watchdogs_index():
    imports = _at("validating")
    assert imports.apply(ORG, ID, lifecycle.FAIL, {"failure_reason": "broken"})
    item = imports.items[(ORG, ID)]
    assert (item["status"], item["stage"], item["failure_reason"]) == ("Failed", "done", "broken")
    assert "checkpoint" not in item and "active" not in item


def test_a_retry_resets_the_counts_and_is_active_again():
    imports = _at("validating")
    imports.apply(ORG, ID, lifecycle.FAIL, {"failure_reason": "broken"})
    assert imports.apply(ORG, ID, lifecycle.RETRY, {"stage": "validating", "attempt": 2})
    item = imports.items[(ORG, ID)]
    assert (item["status"], item["failure_reason"], item["rows_processed"], item["attempt"]) == (
        "In Progress", None, 0, 2)
    assert item["active"]


def test_fail_within_fewer_stages_leaves_only_from_them():
    within = lifecycle.FAIL.within((Stage.AWAITING_UPLOAD,))
    assert _at("validating").apply(ORG, ID, within) is False
    assert _at("awaiting_upload").apply(ORG, ID, within) is True


def test_a_list_is_claimed_once():
    imports = _at("done")
    assert imports.apply(ORG, ID, lifecycle.CLAIM_LIST, {"list_id": "L1", "list_contact_count": 3})
    assert imports.apply(ORG, ID, lifecycle.CLAIM_LIST, {"list_id": "L2", "list_contact_count": 3}) is False
    after = imports.get(ORG, ID)
    assert (after.list_id, after.list_state) == ("L1", "creating")


def test_cancelling_ends_the_import_as_cancelled_at_the_next_attempt_and_leaves_the_watchdogs_index():
    imports = _at("processing")
    assert imports.apply(ORG, ID, lifecycle.CANCEL, {"attempt": 2}, attempt=1)
    item = imports.items[(ORG, ID)]
    assert (item["status"], item["stage"], item["failure_kind"], item["attempt"]) == ("Failed", "done", "cancelled", 2)
    assert "active" not in item and "checkpoint" not in item
    assert imports.apply(ORG, ID, lifecycle.CANCEL, {"attempt": 3}, attempt=2) is False, "it has ended"
