"""Suggestions that read the sample's values as well as the headers (issue 16): what the values contradict is
never suggested, vague headers are named by their values, and headers other systems export are understood."""

import pytest

from donor_import.domain.import_types import ImportType, type_spec
from donor_import.domain.mapping import suggest

CONTACTS, DONATIONS, PLEDGES = (type_spec(t) for t in (ImportType.CONTACTS, ImportType.DONATIONS,
                                                        ImportType.PLEDGES))


def test_a_column_of_emails_is_not_a_phone():
    assert suggest(["Phone"], CONTACTS, sample=[["ada@example.org"], ["grace@example.org"]]) == {"Phone": None}
    assert suggest(["Phone"], CONTACTS, sample=[["415-555-0100"], ["+44 20 7946 0820"]]) == {"Phone": "phone"}


def test_a_donor_type_column_is_not_a_payment_method():
    sample = [["Individual"], ["Organization"], ["Individual"]]
    assert suggest(["Payment Type"], DONATIONS, sample=sample) == {"Payment Type": None}
    assert suggest(["Type"], DONATIONS, sample=sample) == {"Type": None}
    assert suggest(["Donor Type"], DONATIONS) == {"Donor Type": None}


def test_a_vague_header_is_named_by_its_values():
    assert suggest(["Type"], DONATIONS, sample=[["Check"], ["Cash"], ["Credit Card"]]) == {"Type": "payment_method"}
    assert suggest(["Type"], DONATIONS) == {"Type": None}  # no values: no guess


def test_state_is_preferred_and_county_maps_to_nothing():
    headers = ["County", "State", "Country"]
    sample = [["Cook", "IL", "USA"], ["Kings", "NY", "USA"]]
    assert suggest(headers, CONTACTS, sample=sample) == {"County": None, "State": "state", "Country": "country"}
    assert suggest(["County"], CONTACTS) == {"County": None}


def test_an_end_date_is_not_a_start_date():
    assert suggest(["Pledge End Date"], PLEDGES) == {"Pledge End Date": "end_date"}
    assert suggest(["PledgeEndDate", "Pledge Date"], PLEDGES) == {"PledgeEndDate": "end_date",
                                                                  "Pledge Date": "start_date"}


def test_an_interval_count_is_not_a_frequency_while_the_period_column_is():
    headers = ["Installment Frequency", "Installment Period", "Amount", "Date Established"]
    sample = [["1", "Monthly", "25.00", "2024-01-05"], ["2", "Weekly", "10.00", "2024-02-01"]]
    assert suggest(headers, PLEDGES, sample=sample) == {
        "Installment Frequency": None, "Installment Period": "frequency", "Amount": "amount",
        "Date Established": "start_date"}
    assert suggest(["Interval"], PLEDGES, sample=[["1"], ["2"]]) == {"Interval": None}


@pytest.mark.parametrize(("header", "field"), [
    # other CRMs' export labels
    ("Total Amount", "amount"), ("Receive Date", "date"), ("Financial Type", "fund"), ("Close Date", "date"),
    ("Donation Total", "amount"), ("Payment Gateway", "payment_method"), ("Campaign Name", "campaign"),
    ("Trxn ID", "transaction_id"),
    # snake_case, CamelCase, prefixes
    ("first_name", "first_name"), ("FirstName", "first_name"), ("DonorFirstName", "first_name"),
    ("donation_amount", "amount"), ("Member Email", "email"), ("Player Last Name", "last_name"),
    ("Primary Phone", "phone"), ("Donor Zip", "postal_code"), ("Mailing City", "city"), ("HomePhone", "phone"),
    # legacy ids
    ("Legacy ID", "external_id"), ("Constituent ID", "external_id"), ("Contact ID", "external_id"),
    ("External Identifier", "external_id"), ("donorId", "external_id"),
    # the languages already covered
    ("Spendenbetrag", "amount"), ("Eingangsdatum", "date"), ("Zahlungsweise", "payment_method"),
    ("Montant", "amount"), ("Fecha", "date"),
])
def test_headers_other_systems_export_name_their_field(header, field):
    assert suggest([header], DONATIONS)[header] == field


@pytest.mark.parametrize("header", ["Mum email", "Soft Credit to", "Spouse First Name", "Employer Phone",
                                    "Team Address1", "To Email Address", "Company Name"])
def test_a_header_about_someone_else_names_no_field_of_the_person(header):
    assert suggest([header], DONATIONS, sample=[["ada@example.org"]])[header] is None


def test_each_field_goes_to_one_column_the_best_named():
    mapping = suggest(["Gift_ID", "Transaction_ID"], DONATIONS)
    assert mapping == {"Gift_ID": None, "Transaction_ID": "transaction_id"}


def test_a_call_without_a_sample_still_suggests_from_the_headers():
    assert suggest(["Email", "Amount", "Date"], DONATIONS) == {"Email": "email", "Amount": "amount", "Date": "date"}


def test_columns_named_by_position_are_suggested_from_their_values_alone():
    headers = ["Column 1", "Column 2", "Column 3", "Column 4", "Column 5"]
    sample = [["Ada Lovelace", "ada@example.org", "$25.00", "2024-03-01", "415-555-0100"],
              ["Grace Hopper", "grace@example.org", "$10.50", "2024-03-02", "415-555-0101"]]
    assert suggest(headers, DONATIONS, sample=sample) == {
        "Column 1": None, "Column 2": "email", "Column 3": "amount", "Column 4": "date", "Column 5": "phone"}


def test_a_positional_column_of_bare_numbers_is_not_guessed():
    headers = ["Column 1", "Column 2"]
    assert suggest(headers, DONATIONS, sample=[["Thomas", "500"], ["Janine", "100"]]) == dict.fromkeys(headers)
