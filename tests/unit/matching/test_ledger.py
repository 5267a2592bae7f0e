"""One file's external ids, in file order: an id reused for a clearly different person is a conflict."""

import json

from donor_import.domain.matching.decisions import Conflict
from donor_import.domain.matching.ledger import SLOT, FileLedger

ANN = {"external_id": "M-1", "first_name": "Ann", "last_name": "Lee", "email": "ann@example.org"}
BO = {"external_id": "M-1", "first_name": "Bo", "last_name": "Chan", "email": "bo@example.org"}


def observed(rows: list[dict], ledger: FileLedger | None = None) -> list[Conflict | None]:
    ledger = ledger or FileLedger()
    return [ledger.observe(number, row) for number, row in enumerate(rows, start=2)]


def test_every_row_after_the_first_person_of_a_reused_id_that_is_someone_else_is_a_conflict():
    found = observed([ANN, BO, ANN, BO])
    assert [type(c).__name__ for c in found] == ["NoneType", "Conflict", "NoneType", "Conflict"]
    assert found[1].reason == "external id 'M-1' is row 2's, a different person (another name and email)"


def test_the_same_person_again_is_no_conflict_nor_a_nickname_an_initial_or_a_new_email_with_the_same_name():
    rows = [{"external_id": "M-2", "first_name": "Robert", "email": "rob@example.org"},
            {"external_id": "M-2", "first_name": "Bob"},
            {"external_id": "M-2", "first_name": "R.", "email": "bob@new.org"},
            {"external_id": "M-2", "first_name": "ROBERT", "email": "robert@new.org"},
            {"external_id": "M-2", "first_name": "Zed", "email": "rob@example.org"}]  # the same email
    assert observed(rows) == [None] * 5


def test_rows_without_an_external_id_or_a_given_name_are_never_a_conflict():
    assert observed([ANN, {"email": "x@example.org"}, {"external_id": "M-1", "last_name": "Chan"}]) == [None] * 3


def test_the_outcome_follows_file_order_not_batches_and_survives_a_checkpoint():
    rows = [ANN, {"external_id": "M-3", "first_name": "Cy"}] * 300 + [BO] * 5
    whole = observed(rows)
    ledger = FileLedger()
    halves = observed(rows[:301], ledger)
    resumed = FileLedger.from_dict(json.loads(json.dumps(ledger.to_dict())))
    assert halves + [resumed.observe(number, row) for number, row in enumerate(rows[301:], start=303)] == whole
    assert sum(c is not None for c in whole) == 5


def test_memory_is_a_fixed_slot_per_distinct_id_at_most_half_full():
    ledger = FileLedger()
    for number in range(10_000):
        ledger.observe(number, {"external_id": f"M-{number}", "first_name": "Ann"})
    assert ledger.used == 10_000
    assert ledger.slots == 32_768  # a power of two, grown when half full
    assert len(ledger.table) == ledger.slots * SLOT.size == ledger.slots * 28
    assert ledger.observe(1, {"external_id": "M-77", "first_name": "Bo", "email": "b@x.org"}) is not None
