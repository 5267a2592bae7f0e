"""Load to List against in-memory stores: the contacts an import created or updated, page by page."""

import pytest

from donor_import.data.file_keys import import_contacts_key
from donor_import.domain.contacts import ProfileWrite
from donor_import.services import lists
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
    assert (made["contact_count"], made["outcome"]) == (2, "created")
    first = lists.list_contacts(stores, ORG, made["list_id"], 1, None)
    assert [p["contact_id"] for p in first["items"]] == ["c1"] and first["next_cursor"]
    second = lists.list_contacts(stores, ORG, made["list_id"], 1, first["next_cursor"])
    assert [p["contact_id"] for p in second["items"]] == ["c3"] and second["next_cursor"] is None


def test_every_contact_without_an_outcome(stores):
    _succeeded(stores)
    assert lists.create_list(stores, ORG, ID, None)["contact_count"] == 3


def test_load_to_list_is_refused_for_an_import_that_did_not_succeed(stores):
    an_import(stores, ID, stage="done", status="Failed")
    with pytest.raises(Conflict):
        lists.create_list(stores, ORG, ID, None)
    assert stores.crm.lists == {}


def test_an_unknown_list_is_not_found(stores):
    with pytest.raises(NotFound):
        lists.list_contacts(stores, ORG, "01JNXSXCHXST00000000000000", 10, None)
