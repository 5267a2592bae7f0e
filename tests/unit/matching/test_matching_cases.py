"""The matching test set: rows a data manager would recognise, against contacts stored already.

Each case says which contact the row must land on: a stored contact's id, "new" (a new contact, no doubt),
"possible" (a new contact listed as a possible duplicate of the named candidates) or "conflict".
"""

import pytest

from donor_import.domain.matching.decisions import Conflict, Create, Match, PossibleDuplicate

from .world import World

ADA = dict(first_name="Ada", last_name="Lovelace", email="ada@example.org", phone="+14155550100",
           address_line1="12 Main Street", postal_code="02139", city="Cambridge", external_id="D-1")


def world() -> World:
    return (World()
            .add("c-ada", **ADA)
            .add("c-bob", first_name="Robert", last_name="Smith", address_line1="40 Elm Avenue", postal_code="02140")
            .add("c-unit4", first_name="Mary", last_name="Jones", address_line1="7 Oak St", address_line2="Apt 4",
                 postal_code="10001")
            .add("c-jose", first_name="José", last_name="García", address_line1="3 Calle Mayor", postal_code="28013")
            .add("c-smith-jones", first_name="Mary", last_name="Smith-Jones", address_line1="9 Pine Rd",
                 postal_code="60601")
            .add("c-lees", first_name="Ann & Bo", last_name="Lee", address_line1="5 Birch Lane", postal_code="94110")
            .add("c-ann-smith", first_name="Ann", last_name="Smith", email="smiths@example.org")
            .add("c-john-a", first_name="John", last_name="Brown", address_line1="1 High St", postal_code="30301")
            .add("c-acme", kind="organization", organization_name="Acme Inc.", postal_code="02139")
            .add("c-smith-sr", first_name="Robert", last_name="Smith Sr.", address_line1="2 Quay St",
                 postal_code="02140")
            .add("c-bill", first_name="William", last_name="Turner", email="bill@example.org",
                 address_line1="8 Mill Rd", postal_code="73301"))


CASES = [
    ("the same email, another case and spaces", dict(first_name="Ada", email=" ADA@Example.org "), "c-ada"),
    ("email changed: found by external id, the new email claimed",
     dict(external_id="D-1", first_name="Ada", email="ada.lovelace@newmail.org"), "c-ada"),
    ("email added to a contact known by its phone", dict(first_name="Ada", phone="+14155550100",
                                                         email="countess@example.org"), "c-ada"),
    ("phone only", dict(last_name="Lovelace", phone="+14155550100"), "c-ada"),
    ("name and address, 'St' for 'Street'",
     dict(first_name="Ada", last_name="Lovelace", address_line1="12 Main St.", postal_code="02139"), "c-ada"),
    ("name and ZIP+4, no street", dict(first_name="Ada", last_name="Lovelace", postal_code="02139-4307"),
     "possible:c-ada"),
    ("nickname Bob for Robert at his address",
     dict(first_name="Bob", last_name="Smith", address_line1="40 Elm Ave", postal_code="02140"), "c-bob"),
    ("nickname Bill for William, by email", dict(first_name="Bill", last_name="Turner", email="bill@example.org"),
     "c-bill"),
    ("initial 'A. Lovelace' at her address",
     dict(first_name="A.", last_name="Lovelace", address_line1="12 Main Street", postal_code="02139"), "c-ada"),
    ("'Lovelace, Ada' in the last name field",
     dict(last_name="Lovelace, Ada", address_line1="12 Main Street", postal_code="02139"), "c-ada"),
    ("title and suffix: 'Dr. Ada Lovelace PhD'",
     dict(first_name="Dr. Ada Lovelace", last_name="PhD", address_line1="12 Main St", postal_code="02139"), "c-ada"),
    ("accents dropped: Jose Garcia",
     dict(first_name="Jose", last_name="Garcia", address_line1="3 Calle Mayor", postal_code="28013"), "c-jose"),
    ("hyphen dropped: Smith Jones",
     dict(first_name="Mary", last_name="Smith Jones", address_line1="9 Pine Road", postal_code="60601"),
     "c-smith-jones"),
    ("unit '#4' for 'Apt 4'", dict(first_name="Mary", last_name="Jones", address_line1="7 Oak Street #4",
                                   postal_code="10001"), "c-unit4"),
    ("unit 'Unit 4' on the second line", dict(first_name="Mary", last_name="Jones", address_line1="7 Oak St",
                                               address_line2="Unit 4", postal_code="10001"), "c-unit4"),
    ("another unit is another household", dict(first_name="Mary", last_name="Jones", address_line1="7 Oak St Apt 5",
                                                postal_code="10001"), "new"),
    ("one name, another address in another town",
     dict(first_name="John", last_name="Brown", address_line1="77 Peachtree Rd", postal_code="30309"), "new"),
    ("one name, another street in the same ZIP: never an automatic match",
     dict(first_name="John", last_name="Brown", address_line1="90 Oak Ave", postal_code="30301"), "not-match"),
    ("joint name with 'and'", dict(first_name="Ann and Bo", last_name="Lee", address_line1="5 Birch Ln",
                                   postal_code="94110"), "c-lees"),
    ("joint name the other way round", dict(first_name="Bo & Ann", last_name="Lee", address_line1="5 Birch Lane",
                                            postal_code="94110"), "c-lees"),
    ("a family's shared email, another first name: not an automatic match",
     dict(first_name="Bo", last_name="Smith", email="smiths@example.org"), "possible:c-ann-smith"),
    ("a family's shared email, the same first name", dict(first_name="ann", last_name="Smith",
                                                          email="smiths@example.org"), "c-ann-smith"),
    ("an organisation by its name and postal code", dict(kind="organization", organization_name="ACME, Inc",
                                                          postal_code="02139"), "c-acme"),
    ("an organisation's legal form and 'The' dropped",
     dict(kind="organization", organization_name="The Acme Company", postal_code="02139"), "c-acme"),
    ("a person named like an organisation is not it", dict(first_name="Acme", last_name="Inc", postal_code="02139"),
     "new"),
    ("external id of one contact, email of another", dict(external_id="D-1", email="bill@example.org"), "conflict"),
    ("external id reused for a clearly different person",
     dict(external_id="D-1", first_name="Zoe", last_name="Quinn", email="zoe@example.org"), "conflict"),
    ("Jr is not Sr at their one address", dict(first_name="Robert", last_name="Smith Jr", address_line1="2 Quay St",
                                               postal_code="02140"), "new"),
    ("Jr where the contact has no suffix", dict(first_name="Robert", last_name="Smith Jr", address_line1="40 Elm Ave",
                                                postal_code="02140"), "c-bob"),
    ("an organisation's gift by a person's email is not that person",
     dict(kind="organization", organization_name="Lovelace Foundation", email="ada@example.org"), "new"),
]


@pytest.mark.parametrize(("row", "expected"), [(row, expected) for _, row, expected in CASES],
                         ids=[name for name, _, _ in CASES])
def test_a_row_lands_on_the_right_contact(row, expected):
    decision = world().decide(**row)
    if expected == "new":
        assert isinstance(decision, Create), decision
    elif expected == "not-match":
        assert not isinstance(decision, Match), decision
    elif expected == "conflict":
        assert isinstance(decision, Conflict), decision
    elif expected.startswith("possible:"):
        assert isinstance(decision, PossibleDuplicate), decision
        assert [c.contact_id for c in decision.candidates] == expected.removeprefix("possible:").split(",")
    else:
        assert isinstance(decision, Match), decision
        assert decision.contact_id == expected.removeprefix("match:")
