"""Column mapping: suggested from the file's own headers, checked before validation starts, reused by signature."""

import pytest

from donor_import.domain.import_types import ImportType, type_spec
from donor_import.domain.mapping import (
    WORKBOOK_COLUMNS,
    carry_over,
    compile_mapping,
    headers_signature,
    mapping_errors,
    missing_required,
    normalise,
    pick,
    suggest,
)

CONTACTS = type_spec(ImportType.CONTACTS)
DONATIONS = type_spec(ImportType.DONATIONS)
PLEDGES = type_spec(ImportType.PLEDGES)
INTERACTIONS = type_spec(ImportType.INTERACTIONS)

# --- suggest -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("E-mail Address", "email"),
        ("Email", "email"),
        ("EMAIL", "email"),
        ("Gift Amt", "amount"),
        ("Gross", "amount"),
        ("Donation Amount", "amount"),
        ("Donor First", "first_name"),
        ("Donor Last", "last_name"),
        ("First Name", "first_name"),
        ("Date Received", "date"),
        ("Gift Date", "date"),
        ("Donor ID", "external_id"),
        ("Constituent ID", "external_id"),
        ("Contact Phone Number", "phone"),
        ("Zip Code", "postal_code"),
        ("Campaign", "campaign"),
        ("Transaction ID", "transaction_id"),
        ("Payment Method", "payment_method"),
        # German
        ("Vorname", "first_name"),
        ("Nachname", "last_name"),
        ("E-Mail", "email"),
        ("Betrag", "amount"),
        ("Datum", "date"),
        ("PLZ", "postal_code"),
        ("Telefon", "phone"),
        ("Ort", "city"),
    ],
)
def test_suggest_maps_a_donations_header_to_its_field(header, field):
    assert suggest([header], DONATIONS) == {header: field}


def test_suggest_maps_a_whole_donations_file():
    headers = ["Donor First", "Donor Last", "E-mail Address", "Gift Amt", "Date Received", "Campaign", "Notes?"]
    assert suggest(headers, DONATIONS) == {
        "Donor First": "first_name",
        "Donor Last": "last_name",
        "E-mail Address": "email",
        "Gift Amt": "amount",
        "Date Received": "date",
        "Campaign": "campaign",
        "Notes?": None,  # donations have no notes field
    }


def test_suggest_maps_a_german_donations_file():
    headers = ["Vorname", "Nachname", "E-Mail", "Betrag", "Datum", "PLZ"]
    assert suggest(headers, DONATIONS) == {
        "Vorname": "first_name",
        "Nachname": "last_name",
        "E-Mail": "email",
        "Betrag": "amount",
        "Datum": "date",
        "PLZ": "postal_code",
    }


def test_suggest_keeps_every_header_in_file_order():
    headers = ["Gift Amt", "Mystery column", "Email", "Row in original file", "Reason"]
    assert list(suggest(headers, DONATIONS)) == headers


def test_suggest_maps_per_import_type():
    assert suggest(["Start Date", "Pledge Amount", "Frequency", "Installments", "End Date"], PLEDGES) == {
        "Start Date": "start_date",
        "Pledge Amount": "amount",
        "Frequency": "frequency",
        "Installments": "installments",
        "End Date": "end_date",
    }
    assert suggest(["Date", "Type", "Subject", "Notes"], INTERACTIONS) == {
        "Date": "date", "Type": "type", "Subject": "subject", "Notes": "notes",
    }
    # A donations "Type" is a payment method only when its values are (a donor type is not): see test_mapping_values
    assert suggest(["Date", "Type"], DONATIONS, sample=[["2024-01-02", "Check"], ["2024-01-03", "Cash"]]) == {
        "Date": "date", "Type": "payment_method"}
    assert suggest(["Tags", "Notes"], CONTACTS) == {"Tags": "tags", "Notes": "notes"}


def test_suggest_tolerates_typos():
    assert suggest(["Emial Adress", "Frist Name"], CONTACTS) == {"Emial Adress": "email", "Frist Name": "first_name"}


def test_suggest_leaves_unknown_headers_unmapped():
    assert suggest(["Favourite colour", "xyz", ""], CONTACTS) == {"Favourite colour": None, "xyz": None, "": None}


def test_suggest_gives_a_field_to_one_header_only_the_best_one():
    # "Amont" and "Emial Adress" are near misses; "Amount" and "Email" match exactly and win wherever they stand.
    mapping = suggest(["Amont", "Emial Adress", "Amount", "Email"], DONATIONS)
    assert mapping == {"Amont": None, "Emial Adress": None, "Amount": "amount", "Email": "email"}


def test_suggest_never_maps_two_headers_to_one_field():
    headers = ["Total", "Email", "Gift Amount", "E-mail", "Amount", "Gross", "Date", "Datum", "Gift Date"]
    mapping = suggest(headers, DONATIONS)
    used = [field for field in mapping.values() if field]
    assert len(used) == len(set(used))
    assert set(used) == {"amount", "email", "date"}


def test_suggest_on_equal_scores_gives_the_field_to_the_first_header():
    assert suggest(["email", "Email", "EMAIL"], CONTACTS) == {"email": "email", "Email": None, "EMAIL": None}


def test_suggest_ignores_the_columns_the_error_workbook_adds():
    headers = ["Row in original file", "Email", "Amount", "Date", "Reason"]
    mapping = suggest(headers, DONATIONS)
    assert mapping == {"Row in original file": None, "Email": "email", "Amount": "amount", "Date": "date",
                       "Reason": None}


def test_normalise_drops_accents_case_punctuation_and_whose_value_it_is():
    assert normalise("Donor First") == "first"
    assert normalise("E-Mail-Adresse") == "email adresse"
    assert normalise("  Contact   Phone #") == "phone"
    assert normalise("Straße") == "strae"
    assert normalise("Prénom") == "prenom"
    assert normalise("Donor") == "donor"  # a header of noise words only is kept whole


# --- missing required fields -------------------------------------------------------------------------------------


def test_missing_required_is_empty_when_every_required_field_is_mapped():
    assert missing_required({"Email": "email", "Gift": "amount", "When": "date"}, DONATIONS) == []


def test_missing_required_lists_required_fields_and_one_of_groups():
    missing = missing_required({"Notes": None}, DONATIONS)
    assert "amount" in missing
    assert "date" in missing
    group = [entry for entry in missing if " or " in entry]
    assert len(group) == 1
    assert {"first_name", "last_name", "email", "external_id"} <= set(group[0].split(" or "))


def test_missing_required_for_each_type():
    assert set(missing_required({}, PLEDGES)) >= {"amount", "start_date"}
    assert set(missing_required({}, INTERACTIONS)) >= {"date", "type"}
    assert [m for m in missing_required({}, CONTACTS) if " or " not in m] == []


def test_contacts_need_a_name_or_an_email_column_not_just_an_id():
    missing = missing_required({"ID": "external_id", "Phone": "phone"}, CONTACTS)
    assert len(missing) == 1
    assert {"first_name", "last_name", "email"} <= set(missing[0].split(" or "))
    assert "external_id" not in missing[0]
    assert missing_required({"Last": "last_name"}, CONTACTS) == []
    assert missing_required({"Email": "email"}, CONTACTS) == []


def test_a_donation_donor_may_be_found_by_external_id_alone():
    assert missing_required({"ID": "external_id", "Amt": "amount", "Day": "date"}, DONATIONS) == []


def test_an_ignored_column_counts_as_unmapped():
    assert "amount" in missing_required({"Amount": None, "Email": "email", "Date": "date"}, DONATIONS)


# --- mapping errors ----------------------------------------------------------------------------------------------


def test_a_good_mapping_has_no_errors():
    headers = ["Email", "Amount", "Date", "Notes"]
    assert mapping_errors({"Email": "email", "Amount": "amount", "Date": "date", "Notes": None}, headers,
                          DONATIONS) == []


def test_mapping_errors_name_unknown_headers():
    errors = mapping_errors({"Emial": "email"}, ["Email"], DONATIONS)
    assert errors == ["the file has no column(s) 'Emial'"]


def test_mapping_errors_name_unknown_fields():
    errors = mapping_errors({"Email": "email", "Colour": "favourite_colour"}, ["Email", "Colour"], DONATIONS)
    assert errors == ["donations have no field(s) favourite_colour"]


def test_a_field_of_another_import_type_is_unknown():
    errors = mapping_errors({"Tags": "tags"}, ["Tags"], DONATIONS)
    assert errors == ["donations have no field(s) tags"]


def test_mapping_errors_name_a_field_fed_twice():
    errors = mapping_errors({"Gift": "amount", "Total": "amount", "Email": "email"}, ["Gift", "Total", "Email"],
                            DONATIONS)
    assert errors == ["more than one column is mapped to amount"]


def test_mapping_errors_report_every_problem_at_once():
    errors = mapping_errors({"X": "email", "A": "amount", "B": "amount", "C": "nope"}, ["A", "B", "C"], DONATIONS)
    assert len(errors) == 3


# --- compile and pick --------------------------------------------------------------------------------------------


def test_compile_mapping_and_pick_give_the_row_by_field():
    headers = ["Email", "Ignored", "Amount"]
    columns = compile_mapping({"Email": "email", "Ignored": None, "Amount": "amount"}, headers)
    assert columns == [(0, "email"), (2, "amount")]
    assert pick(columns, ["a@example.org", "whatever", "5"]) == {"email": "a@example.org", "amount": "5"}


def test_compile_mapping_skips_headers_the_mapping_does_not_name():
    assert compile_mapping({"Email": "email"}, ["Amount", "Email"]) == [(1, "email")]


# --- saved mappings ----------------------------------------------------------------------------------------------


def test_headers_signature_ignores_order_and_case():
    assert headers_signature(["Email", "First Name", "Amount"]) == headers_signature(["amount", "EMAIL", "first name"])


def test_headers_signature_ignores_the_error_workbook_columns():
    assert headers_signature(["Row in original file", "Email", "Amount", "Reason"]) == headers_signature(
        ["Email", "Amount"]
    )
    assert set(WORKBOOK_COLUMNS) == {"Row in original file", "Reason"}


def test_headers_signature_differs_for_other_headers():
    assert headers_signature(["Email", "Amount"]) != headers_signature(["Email", "Amount", "Date"])
    assert headers_signature(["Email", "Amount"]) != headers_signature(["Email", "Betrag"])
    assert headers_signature(["Email"]) != headers_signature(["Email", "Email"])


def test_headers_signature_is_a_stable_short_hex_string():
    signature = headers_signature(["Email", "Amount"])
    assert signature == headers_signature(["Email", "Amount"])
    assert len(signature) == 32
    int(signature, 16)


def test_carry_over_applies_a_saved_mapping_to_the_same_headers_in_another_order_and_case():
    saved = {"Email": "email", "Gift Amt": "amount", "Date Received": "date", "Notes": None}
    assert carry_over(saved, ["date received", "EMAIL", "Notes", "Gift Amt"]) == {
        "date received": "date", "EMAIL": "email", "Notes": None, "Gift Amt": "amount",
    }


def test_carry_over_keeps_each_saved_column_when_two_headers_normalise_alike():
    # "Email" and "E-mail" are the same words; the user mapped one and ignored the other.
    saved = {"Email": "email", "E-mail": None, "Amount": "amount", "Date": "date"}
    headers = ["Email", "E-mail", "Amount", "Date"]
    assert carry_over(saved, headers) == saved
    assert carry_over(saved, list(reversed(headers))) == saved
