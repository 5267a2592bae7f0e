"""One person, one contact, over HTTP on the local stack: later files find a contact by any key it has had,
and each match rule and update mode does what the Import page says."""

import itertools

import pytest

from local.client import Client

pytestmark = pytest.mark.e2e
tags = (f"m{n}" for n in itertools.count())
amounts = (f"{n}.00" for n in itertools.count(1))  # no gift a duplicate of another
HEADER = "Member,Email,Phone,First Name,Amount,Date"
MAPPING = {"Member": "external_id", "Email": "email", "Phone": "phone", "First Name": "first_name",
           "Amount": "amount", "Date": "date"}


def _gifts(client: Client, tag: str, rows: list[str], **options) -> dict:
    """A donations file of these rows (each "member,email,phone,first name"), a gift of its own each."""
    lines = [HEADER, *(f"{row},{next(amounts)},2026-11-03" for row in rows)]
    body = {"import_type": "donations", "file_name": f"{tag}.csv", "mapping": MAPPING,
            "allow_duplicate_file": True, **({"options": options} if options else {})}
    created = client.json("POST", "/imports", 201, json=body)
    text = ("\n".join(lines) + "\n").replace("@x.", f"@{tag}.").replace("M-", f"{tag}-")
    client.upload(created["upload"], text.encode(), f"{tag}.csv")
    done = client.wait_done(created["import"]["import_id"])
    assert done["status"] == "Success", (done["failure_reason"], done["rows_with_errors"])
    return done


def _counts(done: dict) -> tuple[int, int]:
    return done["contacts_created"], done["contacts_updated"]


def _contacts_of(client: Client, done: dict) -> list[dict]:
    listed = client.json("POST", f"/imports/{done['import_id']}/list", 201)
    return client.json("GET", f"/lists/{listed['list_id']}/contacts")["items"]


@pytest.fixture
def client(stack) -> Client:
    return Client(stack.url)


def test_a_later_file_finds_the_person_by_any_key_they_have_had(client):
    tag = next(tags)
    assert _counts(_gifts(client, tag, ["M-1,ada@x.org,,Ada", "M-2,,,Grace", ",,+1 650 253 0000,Alan"])) == (3, 0)
    assert _counts(_gifts(client, tag, ["M-1,ada.new@x.org,,Ada", "M-2,grace@x.org,,Grace"])) == (0, 2)
    again = _gifts(client, tag, [",ada.new@x.org,,Ada", ",ada@x.org,,Ada", ",grace@x.org,,Grace",
                                 ",,+16502530000,Alan"])
    assert _counts(again) == (0, 3) and again["rows_processed"] == 4


def test_the_same_person_twice_in_a_file_is_one_contact(client):
    done = _gifts(client, next(tags), ["M-1,,,Ada", "M-1,ada@x.org,,Ada", ",ada@x.org,+1 650 253 0001,Ada",
                                       ",,+1 650 253 0001,Ada"])
    assert _counts(done) == (1, 0) and done["rows_processed"] == 4


@pytest.mark.parametrize(("rule", "created"), [("standard", 0), ("email", 2), ("external_id", 2), ("never", 3)])
def test_each_match_rule(client, rule, created):
    tag = next(tags)
    _gifts(client, tag, ["M-1,ada@x.org,+1 650 253 0002,Ada"])
    done = _gifts(client, tag, ["M-1,,,Ada", ",ada@x.org,,Ada", ",,+1 650 253 0002,Ada"], match_rule=rule)
    assert done["contacts_created"] == created
    assert done["options"]["match_rule"] == rule and done["rows_processed"] == 3


@pytest.mark.parametrize(("mode", "first_name", "phone", "counts"), [
    ("update", "Adie", "+1650253100{n}", (0, 1, 0)),
    ("fill_empty", "Ada", "+1650253100{n}", (0, 1, 0)),
    ("keep", "Ada", None, (0, 0, 1)),
])
def test_each_update_mode(client, mode, first_name, phone, counts):
    tag, n = next(tags), ("update", "fill_empty", "keep").index(mode)  # a phone of its own
    _gifts(client, tag, ["M-1,ada@x.org,,Ada"])
    # Adie: Ada's nickname (another first name would be another person: the external id a conflict)
    done = _gifts(client, tag, [f"M-1,,+1 650 253 100{n},Adie"], update_mode=mode)
    phone = phone and phone.format(n=n)
    assert (*_counts(done), done["contacts_matched"]) == counts
    (contact,) = _contacts_of(client, done)
    assert (contact["first_name"], contact.get("phone"), contact["email"]) == (first_name, phone, f"ada@{tag}.org")


def test_an_unknown_match_rule_or_update_mode_is_refused_naming_the_choices(client):
    """As every value outside a fixed list (a constant, a dictionary's value): 422 unprocessable."""
    for options, choices in (({"match_rule": "fuzzy"}, "(standard, email, external_id, never)"),
                             ({"update_mode": "replace"}, "(update, fill_empty, keep)")):
        answer = client.call("POST", "/imports", json={"import_type": "donations", "file_name": "x.csv",
                                                       "options": options})
        assert answer.status_code == 422 and choices in answer.json()["error"]["message"], answer.text


def test_possible_duplicates_of_an_import_are_served_page_by_page(client):
    done = _gifts(client, next(tags), ["M-1,ada@x.org,,Ada"])
    assert done["possible_duplicates"] == 0
    page = client.json("GET", f"/imports/{done['import_id']}/possible-duplicates?limit=10")
    assert page == {"items": [], "next_cursor": None}
