"""Row validation per import type, date-order decisions per column, and the mapping step's preview."""

import pytest
from pydantic import ValidationError

from donor_import.domain.import_types import ImportType
from donor_import.domain.row_validation import (
    DateOrder,
    Options,
    Rejected,
    RowValidator,
    Validated,
    date_fields,
    decide_date_orders,
    preview,
)
from donor_import.domain.rows import describe, reasons, validate_row
from donor_import.services.presenter import SAMPLE_ROWS, shown_preview

US = {"default_region": "US", "date_orders": {}}


def problems_of(import_type: ImportType, row: dict, context: dict | None = None) -> list[tuple[str | None, str]]:
    with pytest.raises(ValidationError) as raised:
        validate_row(import_type, row, context or US)
    return reasons(raised.value)


def fields_of(problems: list[tuple[str | None, str]]) -> set[str | None]:
    return {field for field, _ in problems}


# --- contacts ----------------------------------------------------------------------------------------------------


def test_a_good_contact_row_comes_out_clean():
    record = validate_row(ImportType.CONTACTS, {
        "first_name": "  Ada ", "last_name": "Lovelace", "email": " Ada@Example.ORG ", "phone": "(415) 555-0100",
        "postal_code": "02139", "tags": "volunteer; board, volunteer", "notes": "", "city": "",
    }, US)
    assert record == {
        "first_name": "Ada", "last_name": "Lovelace", "email": "Ada@example.org", "phone": "+14155550100",
        "postal_code": "02139", "tags": ["board", "volunteer"],
    }


@pytest.mark.parametrize(
    "row",
    [{"first_name": "Ada"}, {"last_name": "Lovelace"}, {"email": "ada@example.org"}],
)
def test_a_contact_needs_only_one_of_first_name_last_name_email(row):
    assert validate_row(ImportType.CONTACTS, row, US) == row


@pytest.mark.parametrize(
    "row",
    [
        {},
        {"external_id": "42"},  # an id alone does not make a contact
        {"phone": "(415) 555-0100", "city": "Boston"},
        {"first_name": "", "last_name": "   ", "email": ""},  # blank cells are missing values
    ],
)
def test_a_contact_without_a_name_or_email_is_rejected(row):
    assert problems_of(ImportType.CONTACTS, row) == [
        (None, "needs a first or last name, an organization name, or an email")]


@pytest.mark.parametrize(
    ("full_name", "first", "last"),
    [("Ada Lovelace", "Ada", "Lovelace"), ("Lovelace, Ada", "Ada", "Lovelace"), ("Cher", None, "Cher")],
)
def test_a_contact_with_a_full_name_only_gets_it_split(full_name, first, last):
    record = validate_row(ImportType.CONTACTS, {"full_name": full_name}, US)
    assert record.get("first_name") == first
    assert record.get("last_name") == last
    assert "full_name" not in record


def test_a_full_name_does_not_override_first_and_last_names():
    record = validate_row(ImportType.CONTACTS, {"full_name": "A. Lovelace", "first_name": "Ada",
                                                "last_name": "King"}, US)
    assert (record["first_name"], record["last_name"]) == ("Ada", "King")


def test_a_contact_with_a_bad_email_names_the_field_and_the_value():
    problems = problems_of(ImportType.CONTACTS, {"first_name": "Ada", "email": "ada-at-example.org"})
    assert len(problems) == 1
    field, reason = problems[0]
    assert field == "email"
    assert "'ada-at-example.org'" in reason
    assert "not a valid email address" in reason


def test_a_contact_phone_uses_the_default_region():
    record = validate_row(ImportType.CONTACTS, {"last_name": "Müller", "phone": "030 1234567"},
                          {"default_region": "DE", "date_orders": {}})
    assert record["phone"] == "+49301234567"
    problems = problems_of(ImportType.CONTACTS, {"last_name": "Müller", "phone": "030 1234567"})
    assert problems == [("phone", "'030 1234567' is not a valid phone number for region US")]


def test_a_contact_phone_defaults_to_us_without_a_region():
    record = validate_row(ImportType.CONTACTS, {"last_name": "Doe", "phone": "415-555-0100"}, {})
    assert record["phone"] == "+14155550100"


def test_a_field_the_type_does_not_have_is_refused():
    problems = problems_of(ImportType.CONTACTS, {"first_name": "Ada", "amount": "5"})
    assert fields_of(problems) == {"amount"}


# --- donations ---------------------------------------------------------------------------------------------------


def test_a_good_donation_row_comes_out_clean_and_json_ready():
    record = validate_row(ImportType.DONATIONS, {
        "email": "ada@example.org", "amount": "$1,234.56", "date": "March 31, 2024", "campaign": " Spring ",
        "fund": "", "transaction_id": "TX-1",
    }, US)
    assert record == {"email": "ada@example.org", "amount": "1234.56", "date": "2024-03-31", "campaign": "Spring",
                      "transaction_id": "TX-1"}


@pytest.mark.parametrize(
    ("amount", "date", "expected_amount", "expected_date"),
    [
        ("1.234,56 €", "31.03.2024", "1234.56", "2024-03-31"),
        ("12,50", "2024-12-25", "12.50", "2024-12-25"),
        ("EUR 99", "45382", "99.00", "2024-03-31"),
        ("100", "12/25/2024", "100.00", "2024-12-25"),
        ("5", "31. März 2024", "5.00", "2024-03-31"),
    ],
)
def test_donation_amounts_and_dates_in_common_formats(amount, date, expected_amount, expected_date):
    record = validate_row(ImportType.DONATIONS, {"external_id": "7", "amount": amount, "date": date}, US)
    assert (record["amount"], record["date"]) == (expected_amount, expected_date)


def test_a_donor_may_be_identified_by_external_id_alone():
    record = validate_row(ImportType.DONATIONS, {"external_id": "D-1", "amount": "5", "date": "2024-01-01"}, US)
    assert record == {"external_id": "D-1", "amount": "5.00", "date": "2024-01-01"}


def test_a_donation_without_a_donor_is_rejected():
    problems = problems_of(ImportType.DONATIONS, {"amount": "5", "date": "2024-01-01", "campaign": "Spring"})
    assert len(problems) == 1
    assert problems[0][0] is None
    assert problems[0][1].startswith("needs a first or last name, an organization name, an email or an external id")


@pytest.mark.parametrize(
    ("row", "field", "fragment"),
    [
        ({"amount": "-5"}, "amount", "'-5' is not a positive amount"),
        ({"amount": "0"}, "amount", "'0' is not a positive amount"),
        ({"amount": "abc"}, "amount", "'abc' is not an amount"),
        ({"amount": "(12.00)"}, "amount", "'(12.00)' is not a positive amount"),
        ({"amount": ""}, "amount", "is required"),
        ({"date": ""}, "date", "is required"),
        ({"date": "31/02/2024"}, "date", "'31/02/2024' is not a real date"),
        ({"date": "someday"}, "date", "'someday' is not a date in a known format"),
        ({"date": "03/04/2024"}, "date", "'03/04/2024' is ambiguous"),
        ({"email": "nope"}, "email", "'nope' is not a valid email address"),
        ({"phone": "12345"}, "phone", "'12345' is not a valid phone number"),
    ],
)
def test_a_bad_donation_cell_is_rejected_with_its_field_and_value(row, field, fragment):
    good = {"email": "ada@example.org", "amount": "5", "date": "2024-01-01"}
    problems = problems_of(ImportType.DONATIONS, {**good, **row})
    assert len(problems) == 1
    assert problems[0][0] == field
    assert fragment in problems[0][1]


def test_every_bad_cell_of_a_row_is_reported_at_once():
    problems = problems_of(ImportType.DONATIONS, {"email": "nope", "amount": "-5", "date": "31/02/2024"})
    assert fields_of(problems) == {"email", "amount", "date"}


def test_an_unmapped_required_field_is_reported():
    problems = problems_of(ImportType.DONATIONS, {"email": "ada@example.org"})
    assert fields_of(problems) == {"amount", "date"}


def test_the_date_order_of_the_context_settles_ambiguous_dates():
    row = {"email": "ada@example.org", "amount": "5", "date": "03/04/2024"}
    assert validate_row(ImportType.DONATIONS, row, {"date_orders": {"date": "DMY"}})["date"] == "2024-04-03"
    assert validate_row(ImportType.DONATIONS, row, {"date_orders": {"date": "MDY"}})["date"] == "2024-03-04"


# --- pledges -----------------------------------------------------------------------------------------------------


def test_a_good_pledge_row():
    record = validate_row(ImportType.PLEDGES, {
        "email": "ada@example.org", "amount": "25", "start_date": "2024-01-01", "frequency": "Monatlich",
        "installments": "12", "end_date": "2024-12-01",
    }, US)
    assert record == {"email": "ada@example.org", "amount": "25.00", "start_date": "2024-01-01",
                      "frequency": "monthly", "installments": 12, "end_date": "2024-12-01"}


def test_a_pledge_needs_amount_and_start_date():
    problems = problems_of(ImportType.PLEDGES, {"email": "ada@example.org", "amount": "", "start_date": " "})
    assert problems == [("amount", "is required"), ("start_date", "is required")]


@pytest.mark.parametrize(
    ("row", "field", "fragment"),
    [
        ({"frequency": "whenever"}, "frequency", "'whenever' is not a known frequency"),
        ({"installments": "2.5"}, "installments", "'2.5' is not a whole number"),
        ({"installments": "-3"}, "installments", "'-3' is not a whole number"),
        ({"end_date": "2024-02-30"}, "end_date", "'2024-02-30' is not a real date"),
    ],
)
def test_a_bad_pledge_cell_is_rejected_with_its_field_and_value(row, field, fragment):
    good = {"email": "ada@example.org", "amount": "25", "start_date": "2024-01-01"}
    problems = problems_of(ImportType.PLEDGES, {**good, **row})
    assert len(problems) == 1
    assert problems[0][0] == field
    assert fragment in problems[0][1]


def test_a_pledge_ending_before_it_starts_is_rejected():
    problems = problems_of(ImportType.PLEDGES, {"email": "ada@example.org", "amount": "25",
                                                "start_date": "2024-06-01", "end_date": "2024-01-01"})
    assert len(problems) == 1
    assert "end_date" in describe(problems)
    assert "2024-01-01 is before start_date 2024-06-01" in describe(problems)


# --- interactions ------------------------------------------------------------------------------------------------


def test_a_good_interaction_row():
    record = validate_row(ImportType.INTERACTIONS, {
        "email": "ada@example.org", "date": "31. März 2024", "type": "Phone Call", "subject": " Thanks ",
        "notes": "left a message",
    }, US)
    assert record == {"email": "ada@example.org", "date": "2024-03-31", "type": "call", "subject": "Thanks",
                      "notes": "left a message"}


def test_an_interaction_with_an_unknown_type_and_date_is_rejected():
    problems = problems_of(ImportType.INTERACTIONS, {"email": "ada@example.org", "date": "someday",
                                                     "type": "carrier pigeon"})
    assert dict(problems)["date"] == "'someday' is not a date in a known format"
    assert dict(problems)["type"].startswith("'carrier pigeon' is not a known interaction type (")


def test_an_interaction_needs_a_type():
    problems = problems_of(ImportType.INTERACTIONS, {"email": "ada@example.org", "date": "2024-01-01", "type": ""})
    assert problems == [("type", "is required")]


# --- reasons -----------------------------------------------------------------------------------------------------


def test_describe_joins_field_and_reason_for_a_person():
    assert describe([("amount", "'-5' is not a positive amount"), (None, "needs an email")]) == (
        "amount: '-5' is not a positive amount; needs an email"
    )


# --- RowValidator ------------------------------------------------------------------------------------------------

HEADERS = ["Email", "Gift Date", "Gift Amt", "Comment"]
MAPPING = {"Email": "email", "Gift Date": "date", "Gift Amt": "amount", "Comment": None}


def test_row_validator_returns_the_clean_record_for_a_good_row():
    validator = RowValidator.for_file(ImportType.DONATIONS, MAPPING, HEADERS, Options())
    assert validator.validate(2, ["ada@example.org", "2024-03-31", "$5", "ignored"]) == Validated({
        "email": "ada@example.org", "date": "2024-03-31", "amount": "5.00",
    })


def test_row_validator_returns_rejected_naming_row_field_and_value():
    validator = RowValidator.for_file(ImportType.DONATIONS, MAPPING, HEADERS, Options())
    verdict = validator.validate(7, ["ada@example.org", "2024-03-31", "-5", ""])
    assert isinstance(verdict, Rejected)
    assert verdict.row == 7
    assert verdict.problems == [("amount", "'-5' is not a positive amount")]
    assert verdict.reason == "amount: '-5' is not a positive amount"


def test_row_validator_rejects_a_contact_row_with_no_one_in_it():
    headers = ["First", "Last", "Email", "Phone"]
    mapping = {"First": "first_name", "Last": "last_name", "Email": "email", "Phone": "phone"}
    validator = RowValidator.for_file(ImportType.CONTACTS, mapping, headers, Options())
    verdict = validator.validate(3, ["", "", "", "(415) 555-0100"])
    assert isinstance(verdict, Rejected)
    assert verdict.reason == "needs a first or last name, an organization name, or an email"
    assert validator.validate(4, ["Ada", "", "", ""]) == Validated({"first_name": "Ada"})


def test_row_validator_uses_the_options_region():
    headers = ["Name", "Telefon"]
    validator = RowValidator.for_file(ImportType.CONTACTS, {"Name": "last_name", "Telefon": "phone"}, headers,
                             Options.from_dict({"default_region": "de"}))
    assert validator.validate(2, ["Müller", "030 1234567"]) == Validated({"last_name": "Müller",
                                                                          "phone": "+49301234567"})


def test_options_from_dict_defaults_and_round_trip():
    assert Options.from_dict(None).to_dict() == {"default_region": None, "date_orders": {}, "values": {},
                                                 "constants": {}, "country": None, "date_order": None,
                                                 "field_errors": [], "lists": {}, "match_rule": "standard",
                                                 "update_mode": "update"}
    options = Options.from_dict({"default_region": "gb", "date_orders": {"date": "DMY"},
                                 "values": {"type": {"Zoom": "meeting"}}, "constants": {"currency": "USD"},
                                 "country": "GB", "date_order": "DMY", "field_errors": ["phone"],
                                 "lists": {"fund": ["General"]}, "match_rule": "email",
                                 "update_mode": "fill_empty"})
    assert options.to_dict() == {"default_region": "GB", "date_orders": {"date": "DMY"},
                                 "values": {"type": {"Zoom": "meeting"}}, "constants": {"currency": "USD"},
                                 "country": "GB", "date_order": "DMY", "field_errors": ["phone"],
                                 "lists": {"fund": ["General"]}, "match_rule": "email",
                                 "update_mode": "fill_empty"}
    assert Options.from_dict(options.to_dict()) == options
    assert Options.from_dict({"country": "AU"}).region == "AU", "the organisation's country, without the file's"


# --- date orders -------------------------------------------------------------------------------------------------


def test_date_fields_per_type():
    assert date_fields(ImportType.DONATIONS) == ["date"]
    assert date_fields(ImportType.PLEDGES) == ["start_date", "end_date"]
    assert date_fields(ImportType.INTERACTIONS) == ["date"]
    assert date_fields(ImportType.CONTACTS) == []


def test_a_column_with_25_12_is_day_first():
    decided, undecided = decide_date_orders(
        ImportType.DONATIONS, [(1, "date")], [["a", "03/04/2024"], ["b", "25/12/2024"], ["c", "01/02/2024"]]
    )
    assert decided == {"date": "DMY"}
    assert undecided == []


def test_a_column_with_12_25_is_month_first():
    decided, undecided = decide_date_orders(
        ImportType.DONATIONS, [(1, "date")], [["a", "03/04/2024"], ["b", "12/25/2024"]]
    )
    assert decided == {"date": "MDY"}
    assert undecided == []


def test_a_column_of_only_ambiguous_dates_is_undecided():
    decided, undecided = decide_date_orders(
        ImportType.DONATIONS, [(1, "date")], [["a", "03/04/2024"], ["b", "01/02/2024"], ["c", "05/05/2024"]]
    )
    assert decided == {}
    assert undecided == ["date"]


def test_a_column_of_ambiguous_dotted_dates_is_day_first():
    decided, undecided = decide_date_orders(
        ImportType.DONATIONS, [(1, "date")], [["a", "03.04.2024"], ["b", "01.02.2024"], ["c", "05.05.2024"]]
    )
    assert (decided, undecided) == ({"date": "DMY"}, [])


def test_dotted_dates_follow_the_files_evidence_over_the_convention():
    decided, undecided = decide_date_orders(
        ImportType.PLEDGES, [(0, "start_date"), (1, "end_date")],
        [["12/25/2024", "03.02.2025"], ["01/13/2024", "01.02.2025"]],
    )
    assert (decided, undecided) == ({"start_date": "MDY", "end_date": "MDY"}, [])


def test_a_column_mixing_dotted_and_slashed_ambiguous_dates_is_undecided():
    decided, undecided = decide_date_orders(
        ImportType.DONATIONS, [(1, "date")], [["a", "03.04.2024"], ["b", "01/02/2024"]]
    )
    assert (decided, undecided) == ({}, ["date"])


def test_a_column_without_numeric_dates_needs_no_decision():
    decided, undecided = decide_date_orders(
        ImportType.DONATIONS, [(1, "date")], [["a", "2024-03-04"], ["b", "March 4, 2024"], ["c", ""]]
    )
    assert (decided, undecided) == ({}, [])


def test_a_column_contradicting_itself_is_not_decided():
    decided, undecided = decide_date_orders(
        ImportType.DONATIONS, [(1, "date")], [["a", "25/12/2024"], ["b", "12/25/2024"], ["c", "03/04/2024"]]
    )
    assert decided == {}
    assert undecided == ["date"]


def test_only_date_columns_are_decided():
    decided, undecided = decide_date_orders(
        ImportType.DONATIONS, [(0, "campaign"), (1, "date")], [["03/04/2024", "25/12/2024"]]
    )
    assert (decided, undecided) == ({"date": "DMY"}, [])


def test_each_date_column_of_a_pledge_is_decided_on_its_own_values():
    decided, undecided = decide_date_orders(
        ImportType.PLEDGES, [(0, "start_date"), (1, "end_date")],
        [["25/01/2024", "2025-01-25"], ["03/02/2024", "2025-02-03"]],
    )
    assert decided == {"start_date": "DMY"}
    assert undecided == []


def test_an_all_ambiguous_date_column_follows_the_files_other_date_column():
    decided, undecided = decide_date_orders(
        ImportType.PLEDGES, [(0, "start_date"), (1, "end_date")],
        [["25/01/2024", "03/02/2025"], ["03/02/2024", "01/02/2025"]],
    )
    assert decided == {"start_date": "DMY", "end_date": "DMY"}
    assert undecided == []


def test_learn_date_orders_decides_and_then_validates_ambiguous_rows():
    validator = RowValidator.for_file(ImportType.DONATIONS, MAPPING, HEADERS, Options())
    rows = [["a@example.org", "25/12/2024", "5", ""], ["b@example.org", "03/04/2024", "5", ""]]
    assert validator.learn_date_orders(rows) == []
    assert validator.validate(3, rows[1]).record["date"] == "2024-04-03"


def test_learn_date_orders_month_first():
    validator = RowValidator.for_file(ImportType.DONATIONS, MAPPING, HEADERS, Options())
    assert validator.learn_date_orders([["a@example.org", "12/25/2024", "5", ""]]) == []
    assert validator.validate(3, ["b@example.org", "03/04/2024", "5", ""]).record["date"] == "2024-03-04"


def test_learn_date_orders_reports_undecided_fields_and_their_rows_stay_rejected():
    validator = RowValidator.for_file(ImportType.DONATIONS, MAPPING, HEADERS, Options())
    rows = [["a@example.org", "03/04/2024", "5", ""], ["b@example.org", "01/02/2024", "5", ""]]
    assert validator.learn_date_orders(rows) == ["date"]
    verdict = validator.validate(2, rows[0])
    assert isinstance(verdict, Rejected)
    assert verdict.problems[0][0] == "date"
    assert "ambiguous" in verdict.problems[0][1]


def test_the_users_date_order_wins_over_what_the_rows_show():
    validator = RowValidator.for_file(ImportType.DONATIONS, MAPPING, HEADERS, Options(date_orders={"date": "MDY"}))
    assert validator.learn_date_orders([["a@example.org", "03/04/2024", "5", ""]]) == []
    assert validator.learn_date_orders([["a@example.org", "25/12/2024", "5", ""]]) == []
    assert validator.validate(2, ["a@example.org", "03/04/2024", "5", ""]).record["date"] == "2024-03-04"
    assert DateOrder(validator.context["date_orders"]["date"]) is DateOrder.MONTH_FIRST


# --- preview -----------------------------------------------------------------------------------------------------


def test_preview_shows_what_the_mapping_step_needs():
    sample = [
        (2, ["ada@example.org", "25/12/2024", "$5", "first"]),
        (3, ["nope", "03/04/2024", "-5", ""]),
        (5, ["bob@example.org", "01/02/2024", "7", ""]),
    ]
    shown = preview(ImportType.DONATIONS, HEADERS, sample, MAPPING, Options())
    assert {"headers", "suggested_mapping", "missing_required", "problems", "date_order_needed"} <= set(shown)
    assert shown["headers"] == HEADERS
    assert shown["suggested_mapping"] == MAPPING
    assert shown["missing_required"] == []
    assert shown["date_order_needed"] == []
    assert shown["date_orders"] == {"date": "DMY"}
    assert shown["default_region"] == "US"
    problems = shown["problems"]
    assert all(set(problem) == {"row", "field", "reason"} for problem in problems)
    assert sorted((p["row"], p["field"]) for p in problems) == [(3, "amount"), (3, "email")]
    assert next(p for p in problems if p["field"] == "amount")["reason"] == "'-5' is not a positive amount"


def test_preview_asks_for_a_date_order_when_nothing_decides_it():
    sample = [(2, ["ada@example.org", "03/04/2024", "5", ""]), (3, ["bob@example.org", "01/02/2024", "7", ""])]
    shown = preview(ImportType.DONATIONS, HEADERS, sample, MAPPING, Options())
    assert shown["date_order_needed"] == ["date"]
    assert [(p["row"], p["field"]) for p in shown["problems"]] == [(2, "date"), (3, "date")]
    assert all("ambiguous" in p["reason"] for p in shown["problems"])


def test_preview_with_a_chosen_date_order_needs_none():
    sample = [(2, ["ada@example.org", "03/04/2024", "5", ""])]
    shown = preview(ImportType.DONATIONS, HEADERS, sample, MAPPING, Options(date_orders={"date": "DMY"}))
    assert shown["date_order_needed"] == []
    assert shown["problems"] == []


def test_preview_lists_missing_required_fields():
    mapping = {"Email": "email", "Gift Date": None, "Gift Amt": None, "Comment": None}
    shown = preview(ImportType.DONATIONS, HEADERS, [(2, ["ada@example.org", "2024-01-01", "5", ""])], mapping,
                    Options())
    assert set(shown["missing_required"]) == {"amount", "date"}
    assert {p["field"] for p in shown["problems"]} == {"amount", "date"}


def test_the_api_shows_at_most_the_sample_size_keyed_by_header_but_every_sample_row_is_checked():
    sample = [(n, ["ada@example.org", "2024-01-01", "5" if n % 2 else "-1", ""]) for n in range(2, 2 + 3 * SAMPLE_ROWS)]
    stored = preview(ImportType.DONATIONS, HEADERS, sample, MAPPING, Options())
    assert [p["row"] for p in stored["problems"]] == [n for n, _ in sample if n % 2 == 0]
    stored["sample"] = [{"row": n, "cells": cells} for n, cells in sample]
    shown = shown_preview(stored)
    assert "sample" not in shown and len(shown["sample_rows"]) == SAMPLE_ROWS
    assert shown["sample_rows"][0] == {"Email": "ada@example.org", "Gift Date": "2024-01-01", "Gift Amt": "-1",
                                       "Comment": ""}
