"""Load to List against in-memory stores: one list per import (claimed on the import), named, read page by page
with each contact's gifts."""

from decimal import Decimal

import pytest

from donor_import.data.crm_repo import record_item
from donor_import.data.file_keys import import_contacts_key
from donor_import.domain.contacts import ProfileWrite
from donor_import.services import list_members, lists
from donor_import.services.errors import Conflict, NotFound

from .helpers import ORG, an_import

ID = "01JTESTXMPRT00000000000001"


def _succeeded(stores) -> None:
    an_import(stores, ID, stage="done", status="Success", contacts_created=2, contacts_updated=1)
    stores.files.put_json(import_contacts_key(ORG, ID), {"c1": "created", "c2": "updated", "c3": "created"})
    writes = [ProfileWrite(c, {"email": f"{c}@example.org"}) for c in ("c1", "c2", "c3")]
    stores.crm.write_profiles(ORG, "someone", writes, "2026-01-01T00:00:00.000Z")


def test_a_list_of_the_contacts_an_import_created_is_read_page_by_page(stores):
    _succeeded(stores)
    made = lists.create_list(stores, ORG, ID, "created")
    assert (made["contact_count"], made["outcome"], made["state"]) == (2, "created", "ready")
    first = lists.list_contacts(stores, ORG, made["list_id"], 1, None)
    assert [p["contact_id"] for p in first["items"]] == ["c1"] and first["next_cursor"]
    second = lists.list_contacts(stores, ORG, made["list_id"], 1, first["next_cursor"])
    assert [p["contact_id"] for p in second["items"]] == ["c3"] and second["next_cursor"] is None


def test_every_contact_without_an_outcome(stores):
    _succeeded(stores)
    assert lists.create_list(stores, ORG, ID, None)["contact_count"] == 3


def test_the_list_belongs_to_its_import_a_second_call_answers_the_same_list(stores):
    _succeeded(stores)
    first = lists.create_list(stores, ORG, ID, None, "Spring appeal donors")
    again = lists.create_list(stores, ORG, ID, None, "Another name")
    assert again == first and first["name"] == "Spring appeal donors"
    assert len(stores.crm.lists) == 1
    shown = stores.imports.get(ORG, ID)
    assert (shown.list_id, shown.list_name, shown.list_contact_count) == (first["list_id"], "Spring appeal donors", 3)


def test_a_list_of_only_the_created_contacts_is_a_list_of_its_own(stores):
    _succeeded(stores)
    kept = lists.create_list(stores, ORG, ID, None)
    created = lists.create_list(stores, ORG, ID, "created")
    assert created["list_id"] != kept["list_id"] and (created["contact_count"], created["outcome"]) == (2, "created")
    assert stores.imports.get(ORG, ID).list_id == kept["list_id"], "the import's own list stays the one it offers"


def test_a_list_is_named_after_its_file_unless_given_a_name(stores):
    _succeeded(stores)
    assert lists.create_list(stores, ORG, ID, None)["name"] == "Contacts from people"


def test_a_call_that_lost_the_claim_while_the_winner_writes_answers_the_list_being_created(stores):
    _succeeded(stores)
    loser_saw = stores.imports.get(ORG, ID)  # read before the winner claimed
    lists._claim(stores, loser_saw, None)  # the winner's claim; its members are not written yet
    assert lists._claim(stores, loser_saw, None) is False
    answer = lists.create_list(stores, ORG, ID, None)
    assert answer["state"] == "creating" and stores.crm.lists == {}, "the winner is still writing"


def test_each_contact_shows_its_gifts_by_currency(stores):
    _succeeded(stores)
    for n, (amount, currency) in enumerate([("10.00", "USD"), ("5.50", "usd"), ("7", "EUR")]):
        stores.crm.write([record_item(ORG, "c1", "donation", f"2026-01-0{n + 1}",
                                      {"record_id": f"r{n}", "amount": Decimal(amount), "currency": currency})])
    made = lists.create_list(stores, ORG, ID, None)
    first = lists.list_contacts(stores, ORG, made["list_id"], 2, None)["items"]
    assert (first[0]["gift_count"], first[0]["gift_totals"]) == (3, {"EUR": "7.00", "USD": "15.50"})
    assert (first[1]["gift_count"], first[1]["gift_totals"]) == (0, {})


def test_load_to_list_is_refused_for_an_import_that_did_not_succeed(stores):
    an_import(stores, ID, stage="done", status="Failed")
    with pytest.raises(Conflict):
        lists.create_list(stores, ORG, ID, None)
    assert stores.crm.lists == {}


def test_an_unknown_list_is_not_found(stores):
    with pytest.raises(NotFound):
        lists.list_contacts(stores, ORG, "01JNXSXCHXST00000000000000", 10, None)


def test_a_big_list_is_paged_through_its_member_files_without_gaps_or_repeats(stores):
    ids = [f"c{n:05d}" for n in range(2 * list_members.MEMBERS_PER_FILE + 150)]
    list_members.write(stores, ORG, "L1", ids)
    seen, cursor = [], None
    while True:
        page, cursor = list_members.page(stores, ORG, "L1", len(ids), 100, cursor)
        assert len(page) == 100 or cursor is None
        seen += page
        if cursor is None:
            break
    assert seen == ids
