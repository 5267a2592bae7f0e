"""Rows of organisations: the organization_name field, its header words, and validation accepting them."""

import pytest

from donor_import.domain.import_types import ImportType, type_spec
from donor_import.domain.mapping import suggest
from donor_import.domain.rows import validate_row

US = {"default_region": "US", "date_orders": {}}


@pytest.mark.parametrize("import_type", list(ImportType))
def test_a_gift_or_contact_naming_only_an_organisation_is_the_organisations(import_type):
    row = {"organization_name": " Acme Foundation ", **{
        ImportType.CONTACTS: {}, ImportType.DONATIONS: {"amount": "12000", "date": "2024-05-01"},
        ImportType.PLEDGES: {"amount": "100", "start_date": "2024-05-01"},
        ImportType.INTERACTIONS: {"date": "2024-05-01", "type": "meeting"}}[import_type]}
    record = validate_row(import_type, row, US)
    assert record["organization_name"] == "Acme Foundation"
    assert record["kind"] == "organization"


def test_a_person_with_an_organisation_is_a_person():
    record = validate_row(ImportType.DONATIONS, {"full_name": "Ada Lovelace", "organization_name": "Acme",
                                                 "amount": "5", "date": "2024-01-01"}, US)
    assert "kind" not in record
    assert (record["first_name"], record["organization_name"]) == ("Ada", "Acme")


def test_kind_is_never_read_from_the_row():
    record = validate_row(ImportType.CONTACTS, {"first_name": "Ada", "kind": "organization"}, US)
    assert "kind" not in record


@pytest.mark.parametrize("header", ["Organization Name", "Organisation", "Company", "Company Name", "Account Name",
                                    "Organization"])
def test_header_words_suggest_the_organisation(header):
    assert suggest([header, "Amount", "Date"], type_spec(ImportType.DONATIONS))[header] == "organization_name"


def test_an_employer_is_a_persons_and_not_suggested_as_the_organisation():
    mapping = suggest(["First Name", "Last Name", "Employer", "Amount", "Date"], type_spec(ImportType.DONATIONS))
    assert mapping["Employer"] is None
