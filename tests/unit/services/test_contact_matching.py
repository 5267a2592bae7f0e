"""One person, one contact: rows matched to contacts by their claimed keys, against in-memory stores. Only
exact keys here (external id, email, phone), which the scored matching decides the same way."""

import dataclasses
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from donor_import import telemetry
from donor_import.data.file_keys import BatchFile, batch_file_key
from donor_import.domain.batch_message import BatchMessage, encode_rows
from donor_import.domain.contacts import new_contact_id
from donor_import.domain.import_record import Import
from donor_import.domain.matching.decisions import Candidate, PossibleDuplicate
from donor_import.domain.matching.keys import MatchKey
from donor_import.domain.matching.similarity import Score
from donor_import.domain.row_validation import Options
from donor_import.services import contact_matching, possible_duplicates
from donor_import.services.batch_plan import BatchPlan
from donor_import.services.ending.finalizer import finalize
from donor_import.services.errors import BadRequest
from donor_import.services.processor import _validate, apply_plan, process_batch
from tests.fakes import fake_stores

ORG = "org-a"
COLUMNS = {"donations": [(0, "external_id"), (1, "email"), (2, "phone"), (3, "first_name"), (4, "amount"),
                         (5, "date")],
           "contacts": [(0, "external_id"), (1, "email"), (2, "phone"), (3, "first_name"), (6, "tags")]}
PHONE, OTHER_PHONE = "+1 650 253 0000", "+1 650 253 0001"
imports = (f"01JMATCH{n:018d}" for n in itertools.count())
amounts = (f"{n}.00" for n in itertools.count(1))  # no row is a duplicate gift of another


def _import(stores, batches: int = 1) -> str:
    import_id = next(imports)
    stores.imports.create(Import(org_id=ORG, import_id=import_id, stage="processing", status="In Progress",
                                 rows_processed=0, rows_failed=0, batches_done=0, batches_total=batches))
    return import_id


def _message(import_id: str, rows: list[list], batch_no: int = 1, import_type: str = "donations",
             **options) -> BatchMessage:
    return BatchMessage(org_id=ORG, import_id=import_id, import_type=import_type, batch_no=batch_no,
                        columns=COLUMNS[import_type], context=Options.from_dict(options).to_dict(),
                        rows=encode_rows(rows))


def _row(n: int, external_id="", email="", phone="", name="Ada", amount=None, tags="") -> list:
    return [n, [external_id, email, phone, name, amount or next(amounts), "2026-01-05", tags]]


def _run(stores, rows: list[list], import_type: str = "donations", **options) -> str:
    import_id = _import(stores)
    process_batch(stores, _message(import_id, rows, import_type=import_type, **options))
    return import_id


def _holder(stores, kind: str, value: str) -> str | None:
    return stores.crm.holders(ORG, {MatchKey(kind, value)}).get(MatchKey(kind, value))


def _contacts(stores) -> set[str]:
    return {contact for (org, contact) in stores.crm.profile_by_id if org == ORG}


def _gift_contacts(stores) -> dict[int, str]:
    return {d["source_row"]: d["contact_id"] for d in stores.crm.records("donation")}


def _failed(stores, import_id: str) -> list[dict]:
    key = batch_file_key(ORG, import_id, 1, BatchFile.FAILED, 1)
    return stores.files.get_json(key) if key in stores.files.objects else []


def test_a_new_contact_has_a_ulid_and_claims_every_key():
    stores = fake_stores()
    import_id = _run(stores, [_row(2, "M-1", "Ada@Example.org ", PHONE)])

    contact = new_contact_id(import_id, 2)
    assert len(contact) == 26 and contact[:10] == import_id[:10], "a ULID that sorts with its import"
    assert {_holder(stores, "external_id", "M-1"), _holder(stores, "email", "ada@example.org"),
            _holder(stores, "phone", "+16502530000")} == {contact}


def test_an_email_changed_by_an_external_id_match_finds_the_person_by_the_new_email():
    stores = fake_stores()
    _run(stores, [_row(2, "M-1", "ada@old.org")])
    _run(stores, [_row(2, "M-1", "ada@new.org")])
    _run(stores, [_row(2, email="ada@new.org")])
    (profile,) = stores.crm.profile_by_id.values()
    assert profile["email"] == "ada@new.org", "the new email replaces the shown one"
    _run(stores, [_row(3, email="ada@old.org")])

    assert len(_contacts(stores)) == 1, "the old email stays a key of the contact"
    assert len(set(_gift_contacts(stores).values())) == 1


def test_a_contact_known_by_external_id_only_is_found_by_the_email_added_later():
    stores = fake_stores()
    _run(stores, [_row(2, "M-1")])
    _run(stores, [_row(2, "M-1", "ada@example.org")])
    _run(stores, [_row(2, email="ada@example.org")])

    assert len(_contacts(stores)) == 1


def test_a_contact_known_by_phone_only_is_found_by_it():
    stores = fake_stores()
    _run(stores, [_row(2, phone=PHONE)])
    _run(stores, [_row(2, phone=PHONE, name="Ada")])

    assert len(_contacts(stores)) == 1 and len(stores.crm.records("donation")) == 2


def test_the_same_person_twice_in_a_batch_is_one_contact_and_rows_sharing_any_key_follow_the_first():
    stores = fake_stores()
    import_id = _run(stores, [_row(2, "M-1"), _row(3, "M-1", "ada@example.org"), _row(4, email="ada@example.org",
                                                                                      phone=PHONE),
                              _row(5, phone=PHONE), _row(6, email="grace@example.org")])

    contacts = _gift_contacts(stores)
    assert {contacts[n] for n in (2, 3, 4, 5)} == {new_contact_id(import_id, 2)}
    assert contacts[6] == new_contact_id(import_id, 6)
    assert _holder(stores, "phone", "+16502530000") == new_contact_id(import_id, 2)


@pytest.mark.parametrize("first", [0, 1])
def test_two_batches_meeting_one_new_person_make_one_contact_whichever_claims_first(first):
    stores = fake_stores()
    import_id = _import(stores, batches=2)
    messages = [_message(import_id, [_row(2, "M-1", "ada@example.org")], batch_no=1),
                _message(import_id, [_row(900, email="ada@example.org", phone=PHONE),
                                     _row(901, phone=PHONE, amount="7.00")], batch_no=2)]
    plans = [_plan(stores, m) for m in messages]  # both decided before either claims: in parallel
    for i in (first, 1 - first):
        apply_plan(stores, messages[i], plans[i])

    assert len(set(_gift_contacts(stores).values())) == 1 and len(_contacts(stores)) == 1
    assert stores.imports.get(ORG, import_id).rows_processed == 3
    finalize(stores, stores.imports.get(ORG, import_id))
    done = stores.imports.get(ORG, import_id)
    assert (done.contacts_created, done.contacts_updated) == (1, 0), "one person, created once"


def _plan(stores, message: BatchMessage) -> BatchPlan:
    valid, rejected = _validate(message, message.source_rows())
    return contact_matching.plan(stores, ORG, message.import_id, Options.from_dict(message.context), valid,
                                 rejected)


def test_a_plan_stored_as_json_and_applied_later_writes_what_it_decided():
    stores = fake_stores()
    import_id = _import(stores)
    message = _message(import_id, [_row(2, "M-1", "ada@example.org"), _row(3, email="ada@example.org"),
                                   _row(4, amount="-1")])
    stored = _plan(stores, message).to_dict()
    assert BatchPlan.from_dict(stored) == _plan(stores, message)
    apply_plan(stores, message, BatchPlan.from_dict(stored))

    assert set(_gift_contacts(stores).values()) == {new_contact_id(import_id, 2)}
    assert [f["row"] for f in _failed(stores, import_id)] == [4]


def test_a_redelivered_batch_makes_no_new_contact_even_for_rows_with_no_key():
    stores = fake_stores()
    import_id = _import(stores)
    message = _message(import_id, [_row(2, name="Ada"), _row(3, "M-1", "ada@example.org", PHONE)])
    process_batch(stores, message)
    before = (_contacts(stores), dict(stores.crm.items))
    process_batch(stores, message)

    assert (_contacts(stores), stores.crm.items) == before
    outcomes = stores.files.get_json(batch_file_key(ORG, import_id, 1, BatchFile.CONTACTS, 1))
    assert sorted(outcomes.values()) == ["created", "created"]


def test_a_row_whose_keys_name_two_contacts_is_rejected_naming_them():
    stores = fake_stores()
    _run(stores, [_row(2, "M-1"), _row(3, email="grace@example.org")])
    import_id = _run(stores, [_row(2, "M-1", "grace@example.org")])

    (failed,) = _failed(stores, import_id)
    assert failed["row"] == 2 and failed["reason"].startswith("conflict: ")
    assert "external id M-1" in failed["reason"] and "email grace@example.org" in failed["reason"]
    assert stores.imports.get(ORG, import_id).rows_failed == 1


@pytest.mark.parametrize(("mode", "email", "phone", "tags"), [
    ("update", "ada@new.org", "+16502530001", ["a", "b"]),
    ("fill_empty", "ada@old.org", "+16502530001", ["a", "b"]),
    ("keep", "ada@old.org", None, ["a"]),
])
def test_each_update_mode(mode, email, phone, tags):
    stores = fake_stores()
    _run(stores, [_row(2, "M-1", "ada@old.org", tags="a")], "contacts")
    import_id = _run(stores, [_row(2, "M-1", "ada@new.org", OTHER_PHONE, name="", tags="b")], "contacts",
                     update_mode=mode)

    (profile,) = stores.crm.profile_by_id.values()
    assert (profile["email"], profile.get("phone"), profile["tags"]) == (email, phone, tags)
    assert profile["first_name"] == "Ada", "a blank cell never wipes a value"
    finalize(stores, stores.imports.get(ORG, import_id))
    done = stores.imports.get(ORG, import_id)
    assert (done.contacts_updated, done.contacts_matched) == ((0, 1) if mode == "keep" else (1, 0))
    touched = stores.files.get_json(batch_file_key(ORG, import_id, 1, BatchFile.CONTACTS, 1))
    assert list(touched) == [_holder(stores, "external_id", "M-1")], "Load to List holds it in every mode"


@pytest.mark.parametrize(("rule", "contacts"), [
    ("standard", 1),  # external id, then email, then phone
    ("email", 3),  # the external-id row and the phone row are not found by email: they have none
    ("external_id", 3),  # the email row and the phone row are new
    ("never", 4),
])
def test_each_match_rule(rule, contacts):
    stores = fake_stores()
    _run(stores, [_row(2, "M-1", "ada@example.org", PHONE)])
    _run(stores, [_row(2, "M-1"), _row(3, email="ada@example.org"), _row(4, phone=PHONE)], match_rule=rule)

    assert len(_contacts(stores)) == contacts
    assert len(stores.crm.records("donation")) == 4 and _holder(stores, "external_id", "M-1") is not None


PEOPLE = [("M-1", "ada@example.org", PHONE), ("M-2", "grace@example.org", OTHER_PHONE), ("", "alan@example.org", "")]


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 2), st.booleans(), st.booleans()), min_size=1, max_size=10),
       cuts=st.sets(st.integers(1, 9)), order=st.randoms(use_true_random=False))
def test_rows_of_a_few_people_in_any_batches_and_any_order_converge_on_one_contact_per_person(rows, cuts, order):
    """Every row carries its person's email, some their external id or phone; the batches are all decided
    before any claims (as if in parallel), then claim in a random order."""
    telemetry.metrics.clear_metrics()  # the examples' metrics would fill the process's one metric set
    stores = fake_stores()
    bounds = [0, *sorted(c for c in cuts if c < len(rows)), len(rows)]
    import_id = _import(stores, batches=len(bounds) - 1)
    numbered = [_row(n + 2, PEOPLE[p][0] if with_id else "", PEOPLE[p][1], PEOPLE[p][2] if with_phone else "")
                for n, (p, with_id, with_phone) in enumerate(rows)]
    messages = [_message(import_id, numbered[a:b], batch_no=i + 1)
                for i, (a, b) in enumerate(itertools.pairwise(bounds))]
    plans = [_plan(stores, m) for m in messages]
    applied = order.sample(range(len(messages)), len(messages))
    for i in applied:
        apply_plan(stores, messages[i], plans[i])

    by_person = {}
    for (n, _), (p, _, _) in zip(numbered, rows, strict=True):
        by_person.setdefault(p, set()).add(_gift_contacts(stores)[n])
    assert all(len(found) == 1 for found in by_person.values()), (by_person, rows, bounds, applied)
    assert len(_contacts(stores)) == len(by_person)
    finalize(stores, stores.imports.get(ORG, import_id))
    assert stores.imports.get(ORG, import_id).contacts_created == len(by_person)


def test_a_possible_duplicate_is_a_new_contact_counted_and_listed_with_its_candidates_page_by_page():
    """The scored matching decides these; a plan is a value, so one is made here by hand."""
    stores = fake_stores()
    _run(stores, [_row(2, "M-1", "ada@example.org")])
    stored = _holder(stores, "external_id", "M-1")
    import_id = _import(stores)
    message = _message(import_id, [_row(n, email=f"a{n}@example.org") for n in (2, 3, 4)])
    decided = _plan(stores, message)
    candidate = Candidate(stored, Score(0.8, (("name", 1.0), ("address", 0.6))))
    rows = tuple(dataclasses.replace(row, decision=PossibleDuplicate(row.decision.keys, row.decision.fields,
                                                                     (candidate,)))
                 if row.number != 3 else row for row in decided.rows)
    apply_plan(stores, message, BatchPlan.from_dict(dataclasses.replace(decided, rows=rows).to_dict()))
    finalize(stores, stores.imports.get(ORG, import_id))

    done = stores.imports.get(ORG, import_id)
    assert (done.contacts_created, done.possible_duplicates) == (3, 2)
    first = possible_duplicates.page(stores, ORG, import_id, 1, None)
    assert first["items"] == [{"import_id": import_id, "row": 2, "contact_id": new_contact_id(import_id, 2),
                               "candidates": [{"contact_id": stored, "score": 0.8,
                                               "parts": {"name": 1.0, "address": 0.6}}]}]
    second = possible_duplicates.page(stores, ORG, import_id, 1, first["next_cursor"])
    assert [item["row"] for item in second["items"]] == [4] and second["next_cursor"] is None
    with pytest.raises(BadRequest):
        possible_duplicates.page(stores, ORG, import_id, 1, "not-a-cursor")


class AskedKeys:
    """The CRM store, recording the keys each holders() read asks for."""

    def __init__(self, crm):
        self.crm, self.asked = crm, []

    def holders(self, org_id, keys):
        self.asked.append({key.kind for key in keys})
        return self.crm.holders(org_id, keys)

    def __getattr__(self, name):
        return getattr(self.crm, name)


def test_a_batch_of_new_people_reads_their_keys_once_and_no_family_keys():
    stores = fake_stores()
    stores = dataclasses.replace(stores, crm=AskedKeys(stores.crm))
    _run(stores, [_row(n, f"M-{n}", f"p{n}@example.org", f"+1 650 253 {n:04d}", name=f"P{n}") for n in range(2, 9)])

    assert stores.crm.asked == [{"external_id", "email", "phone"}], \
        "an email or phone no one holds needs no look-up qualified by the given name"


def test_a_family_email_finds_each_person_of_the_family_by_their_given_name():
    stores = fake_stores()
    _run(stores, [_row(2, email="lees@example.org", name="Ann")])
    bo = _run(stores, [_row(2, email="lees@example.org", name="Bo")])
    stores = dataclasses.replace(stores, crm=AskedKeys(stores.crm))
    _run(stores, [_row(2, email="lees@example.org", name="Bo"), _row(3, email="lees@example.org", name="Ann")])

    assert len(_contacts(stores)) == 2
    assert _gift_contacts(stores)[2] == new_contact_id(bo, 2), "Bo is found by the email and his name"
    assert stores.crm.asked == [{"email"}, {"email_name"}], "the qualified key is read once Ann is seen to hold it"
