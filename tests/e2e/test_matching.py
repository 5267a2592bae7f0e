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


# The matching test set: each case a few imports of one row each, in order, with the contact the row must land on
# (a letter: the same letter, the same contact) and the import's (contacts_created, contacts_updated,
# possible_duplicates). A row with a date is a gift (donations: of an amount of its own), another a contact.
GIFT = {"date": "2026-11-03"}
CASES = {
    "email changed, then a gift by the new email": [
        ({"external_id": "EC-1", "email": "ada@old.example", "first_name": "Ada", "last_name": "Lovelace"}, "A",
         (1, 0, 0)),
        ({"external_id": "EC-1", "email": "ada@new.example", "first_name": "Ada", "last_name": "Lovelace"}, "A",
         (0, 1, 0)),
        ({"email": "ada@new.example", "first_name": "Ada", **GIFT}, "A", (0, 1, 0)),
        ({"email": "ada@old.example", "first_name": "Ada", **GIFT}, "A", (0, 1, 0)),
    ],
    "email added": [
        ({"external_id": "EA-1", "first_name": "Grace", "last_name": "Hopper"}, "G", (1, 0, 0)),
        ({"external_id": "EA-1", "email": "grace@added.example", "first_name": "Grace"}, "G", (0, 1, 0)),
        ({"email": "Grace@Added.example", "first_name": "Grace", **GIFT}, "G", (0, 1, 0)),
    ],
    "phone only": [
        ({"phone": "+1 650 253 0100", "first_name": "Alan", "last_name": "Turing"}, "T", (1, 0, 0)),
        ({"phone": "(650) 253-0100", "first_name": "Alan", **GIFT}, "T", (0, 1, 0)),
    ],
    "St and Street": [
        ({"first_name": "Mary", "last_name": "Jackson", "address_line1": "12 Elm St", "postal_code": "98101"}, "M",
         (1, 0, 0)),
        ({"first_name": "Mary", "last_name": "Jackson", "address_line1": "12 Elm Street", "postal_code": "98101",
          **GIFT}, "M", (0, 1, 0)),
    ],
    "unit numbers: Apt 4 and #4": [
        ({"first_name": "Katherine", "last_name": "Johnson", "address_line1": "5 Oak Ave", "address_line2": "Apt 4",
          "postal_code": "30301"}, "K", (1, 0, 0)),
        ({"first_name": "Katherine", "last_name": "Johnson", "address_line1": "5 Oak Avenue #4",
          "postal_code": "30301"}, "K", (0, 1, 0)),
    ],
    "nickname: Bill and William": [
        ({"first_name": "William", "last_name": "Gates", "address_line1": "1 Pine Rd", "postal_code": "98052"}, "W",
         (1, 0, 0)),
        ({"first_name": "Bill", "last_name": "Gates", "address_line1": "1 Pine Road", "postal_code": "98052"}, "W",
         (0, 1, 0)),
    ],
    "initial: A. Easley": [
        ({"first_name": "Annie", "last_name": "Easley", "address_line1": "7 Birch Ln", "postal_code": "44101"}, "E",
         (1, 0, 0)),
        ({"first_name": "A.", "last_name": "Easley", "address_line1": "7 Birch Lane", "postal_code": "44101"}, "E",
         (0, 1, 0)),
    ],
    "accents: José and Jose": [
        ({"first_name": "José", "last_name": "Martínez", "address_line1": "3 Calle Sol", "postal_code": "10001"},
         "J", (1, 0, 0)),
        ({"first_name": "Jose", "last_name": "Martinez", "address_line1": "3 Calle Sol", "postal_code": "10001"},
         "J", (0, 1, 0)),
    ],
    "hyphens: Smith-Jones and Smith Jones": [
        ({"first_name": "Mary-Jane", "last_name": "Smith-Jones", "address_line1": "20 Ingram St",
          "postal_code": "11375"}, "S", (1, 0, 0)),
        ({"first_name": "Mary Jane", "last_name": "Smith Jones", "address_line1": "20 Ingram Street",
          "postal_code": "11375"}, "S", (0, 1, 0)),
    ],
    "name order: Lovelace, Ada": [
        ({"first_name": "Ada", "last_name": "Lovelace", "address_line1": "1 Analytical Way", "postal_code": "02139"},
         "B", (1, 0, 0)),
        ({"full_name": "Lovelace, Ada", "address_line1": "1 Analytical Way", "postal_code": "02139"}, "B",
         (0, 1, 0)),
    ],
    "one name, two people at different addresses": [
        ({"first_name": "John", "last_name": "Smith", "address_line1": "1 Main St", "postal_code": "60601"}, "J1",
         (1, 0, 0)),
        ({"first_name": "John", "last_name": "Smith", "address_line1": "99 Lake Dr", "postal_code": "73301"}, "J2",
         (1, 0, 0)),
        ({"first_name": "John", "last_name": "Smith", "address_line1": "1 Main Street", "postal_code": "60601",
          **GIFT}, "J1", (0, 1, 0)),
    ],
    "joint: Ann & Bo Lee": [
        ({"full_name": "Ann & Bo Lee", "address_line1": "8 Cedar Ct", "postal_code": "97201"}, "L", (1, 0, 0)),
        ({"first_name": "Ann", "last_name": "Lee", "address_line1": "8 Cedar Court", "postal_code": "97201", **GIFT},
         "L", (0, 1, 0)),
        ({"first_name": "Bo", "last_name": "Lee", "address_line1": "8 Cedar Court", "postal_code": "97201", **GIFT},
         "L", (0, 1, 0)),
    ],
    "organisation by name and postal code": [
        ({"organization_name": "Acme Foundation, Inc.", "postal_code": "94105"}, "O", (1, 0, 0)),
        ({"organization_name": "ACME Foundation", "postal_code": "94105", **GIFT}, "O", (0, 1, 0)),
        ({"organization_name": "Acme Foundation", "postal_code": "10001"}, "O2", (1, 0, 0)),
    ],
}


def _one_row(client: Client, row: dict) -> dict:
    """An import of a file of this one row (a column a field), done."""
    tag, kind = next(tags), "donations" if "date" in row else "contacts"
    row = {**row, "amount": next(amounts)} if kind == "donations" else row
    text = ",".join(row) + "\n" + ",".join(f'"{value}"' for value in row.values()) + "\n"
    created = client.json("POST", "/imports", 201, json={"import_type": kind, "file_name": f"{tag}.csv",
                                                         "mapping": {name: name for name in row}})
    client.upload(created["upload"], text.encode(), f"{tag}.csv")
    done = client.wait_done(created["import"]["import_id"])
    assert (done["status"], done["rows_processed"]) == ("Success", 1), done["failure_reason"]
    return done


@pytest.mark.parametrize("steps", CASES.values(), ids=CASES)
def test_each_row_of_the_matching_set_lands_on_its_contact(client, steps):
    contacts: dict[str, str] = {}
    for n, (row, person, counts) in enumerate(steps, 1):
        done = _one_row(client, row)
        (contact,) = _contacts_of(client, done)
        assert contacts.setdefault(person, contact["contact_id"]) == contact["contact_id"], f"import {n}: {row}"
        found = (done["contacts_created"], done["contacts_updated"], done["possible_duplicates"])
        assert found == counts, f"import {n}: {row}"
    assert len(set(contacts.values())) == len(contacts)  # another letter, another contact
