"""Cancel against in-memory stores: the import ends Failed, kind cancelled, at the next attempt, so its batches
in flight are not counted; an import that has ended answers a conflict."""

import pytest

from donor_import.data.file_keys import BatchFile, batch_file_key
from donor_import.data.imports_repo import Counting
from donor_import.domain.import_record import User
from donor_import.domain.lifecycle import CANCEL
from donor_import.services.cancel import cancel
from donor_import.services.errors import Conflict

from .helpers import ORG, an_import

ID = "01JTESTXMPRT00000000000001"
ADA = User(sub="u-ada", email="ada@example.org")


def test_a_cancelled_import_ends_with_who_cancelled_and_what_was_written(stores):
    an_import(stores, ID, stage="processing", batches_total=4)
    assert stores.imports.record_batch(ORG, ID, 1, 1, processed=2, failed=0, contacts=2) is Counting.COUNTED
    stores.files.put_json(batch_file_key(ORG, ID, 1, BatchFile.CONTACTS, 1), {"c1": "created", "c2": "updated"})
    shown = cancel(stores, ORG, ID, ADA)
    assert (shown["status"], shown["stage"], shown["failure_kind"]) == ("Failed", "done", "cancelled")
    assert shown["cancelled_by"] == {"sub": "u-ada", "email": "ada@example.org"}
    assert (shown["rows_processed"], shown["contacts_created"], shown["contacts_updated"]) == (2, 1, 1)
    assert "ada@example.org" in shown["failure_reason"]


def test_a_batch_in_flight_when_the_import_is_cancelled_is_not_counted(stores):
    an_import(stores, ID, stage="processing", batches_total=4)
    stores.imports.record_batch(ORG, ID, 1, 1, processed=2, failed=0)
    cancel(stores, ORG, ID, ADA)
    assert stores.imports.record_batch(ORG, ID, 1, 2, processed=2, failed=0) is Counting.STALE
    after = stores.imports.get(ORG, ID)
    assert (after.rows_processed, after.batches_done, after.attempt) == (2, 1, 2)


@pytest.mark.parametrize(("stage", "status"), [("done", "Success"), ("done", "Failed"), ("finalizing", "In Progress")])
def test_an_import_that_has_ended_or_is_ending_cannot_be_cancelled(stores, stage, status):
    an_import(stores, ID, stage=stage, status=status)
    with pytest.raises(Conflict):
        cancel(stores, ORG, ID, ADA)
    assert stores.imports.get(ORG, ID).status == status


def test_two_cancels_at_once_end_it_once(stores):
    an_import(stores, ID, stage="validating")
    seen_by_both = stores.imports.get(ORG, ID)
    cancel(stores, ORG, ID, ADA)
    # The second saw it In Progress at attempt 1 too: its fenced transition is refused.
    assert stores.imports.apply(ORG, ID, CANCEL, {"attempt": 2}, attempt=seen_by_both.attempt) is False
