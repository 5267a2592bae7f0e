"""Warnings instead of lost rows: a bad value in a field the row does not need leaves the row imported without it;
the phone's region comes from the row's country, the file's option, then the organisation's country."""

import pytest

from donor_import.domain.countries import region_of, usual_date_order
from donor_import.domain.import_types import ImportType
from donor_import.domain.row_validation import Options, Rejected, RowValidator, Validated, preview
from donor_import.domain.soft_fields import RowWarning
from donor_import.domain.values import DateOrder

HEADERS = ["Email", "Last", "Phone", "Country", "Postcode"]
MAPPING = {"Email": "email", "Last": "last_name", "Phone": "phone", "Country": "country", "Postcode": "postal_code"}


def _validate(cells: list[str], **options) -> Validated | Rejected:
    validator = RowValidator.for_file(ImportType.CONTACTS, MAPPING, HEADERS, Options(**options))
    return validator.validate(2, cells)


@pytest.mark.parametrize("phone", ["814-129-8994", "392-123-6797", "188 868 9554"])
def test_a_well_formed_phone_with_an_unassigned_area_code_is_a_warning_not_a_lost_row(phone):
    verdict = _validate(["ada@example.org", "Lovelace", phone, "", "10001"])
    assert verdict == Validated(
        {"email": "ada@example.org", "last_name": "Lovelace", "postal_code": "10001"},
        (RowWarning("phone", phone, f"'{phone}' is not a valid phone number for region US"),))


def test_the_rows_country_gives_the_phone_its_region():
    verdict = _validate(["", "Nguyen", "0412 345 678", "Australia", "2000"], default_region="US")
    assert verdict == Validated({"last_name": "Nguyen", "phone": "+61412345678", "country": "Australia",
                                 "postal_code": "2000"})


def test_without_a_country_on_the_row_the_files_region_then_the_organisations_country_is_used():
    row = ["", "Müller", "030 1234567", "", ""]
    assert _validate(row, default_region="DE", country="AU").record["phone"] == "+49301234567"
    assert _validate(row, country="DE").record["phone"] == "+49301234567"
    assert _validate(row).warnings[0].reason == "'030 1234567' is not a valid phone number for region US"


def test_an_unknown_country_and_a_malformed_postal_code_are_warnings():
    verdict = _validate(["ada@example.org", "Lovelace", "", "Narnia", "???"])
    assert verdict.record == {"email": "ada@example.org", "last_name": "Lovelace"}
    assert [(w.field, w.value) for w in verdict.warnings] == [("country", "Narnia"), ("postal_code", "???")]
    uk = _validate(["", "Brown", "", "United Kingdom", "12345"])
    assert uk.warnings == (RowWarning("postal_code", "12345", "'12345' is not a postal code for GB"),)


def test_an_organisation_may_make_a_fields_warnings_errors():
    verdict = _validate(["ada@example.org", "Lovelace", "814-129-8994", "", ""], field_errors=["phone"])
    assert isinstance(verdict, Rejected)
    assert verdict.problems == [("phone", "'814-129-8994' is not a valid phone number for region US")]


def test_a_malformed_email_is_still_an_error_contacts_are_matched_on_it():
    verdict = _validate(["ada-at-example.org", "Lovelace", "(415) 555-0100", "", ""])
    assert isinstance(verdict, Rejected)
    assert [field for field, _ in verdict.problems] == ["email"]


def test_countries_are_read_by_name_in_several_languages_and_by_code():
    assert [region_of(t) for t in ("AU", "au", "Australia", "Deutschland", "Österreich", "USA", "UK")] == [
        "AU", "AU", "AU", "DE", "AT", "US", "GB"]
    with pytest.raises(ValueError, match="'Narnia' is not a country"):
        region_of("Narnia")
    assert (usual_date_order("US"), usual_date_order("AU")) == (DateOrder.MONTH_FIRST, DateOrder.DAY_FIRST)


def test_the_preview_lists_the_sample_rows_warnings():
    shown = preview(ImportType.CONTACTS, HEADERS, [(2, ["ada@example.org", "Lovelace", "392-123-6797", "", ""])],
                    MAPPING, Options())
    assert shown["problems"] == []
    assert shown["warnings"] == [{"row": 2, "field": "phone", "value": "392-123-6797",
                                  "reason": "'392-123-6797' is not a valid phone number for region US"}]


DONATION_HEADERS = ["Email", "Date", "Amount", "Method"]
DONATION_MAPPING = {"Email": "email", "Date": "date", "Amount": "amount", "Method": "payment_method"}
AMBIGUOUS = [(n, ["a@example.org", f"11/0{n}/2025", "5", "card"]) for n in range(3, 10)]


def test_an_ambiguous_date_column_takes_the_organisations_order_and_says_why():
    shown = preview(ImportType.DONATIONS, DONATION_HEADERS, AMBIGUOUS, DONATION_MAPPING, Options(date_order="MDY"))
    assert (shown["date_order_needed"], shown["date_orders"], shown["problems"]) == ([], {"date": "MDY"}, [])
    assert shown["date_order_reasons"] == {
        "date": "no date in the file says; your organisation's setting: month first"}


def test_without_an_organisation_order_the_column_stays_undecided():
    shown = preview(ImportType.DONATIONS, DONATION_HEADERS, AMBIGUOUS, DONATION_MAPPING, Options())
    assert shown["date_order_needed"] == ["date"]


def test_the_files_evidence_wins_over_the_organisations_order():
    rows = [*AMBIGUOUS, (10, ["a@example.org", "25/10/2025", "5", "card"])]
    shown = preview(ImportType.DONATIONS, DONATION_HEADERS, rows, DONATION_MAPPING, Options(date_order="MDY"))
    assert shown["date_orders"] == {"date": "DMY"}
    assert shown["date_order_reasons"] == {"date": "the file's dates show it: day first"}


def test_a_constant_fills_every_rows_blank_field_and_values_are_read_as_the_user_said():
    headers, mapping = ["Email", "When"], {"Email": "email", "When": "date"}
    validator = RowValidator.for_file(ImportType.INTERACTIONS, mapping, headers,
                                      Options(constants={"type": "event"}))
    assert validator.validate(2, ["a@example.org", "2025-11-03"]).record["type"] == "event"
    headers, mapping = ["Email", "When", "Kind"], {"Email": "email", "When": "date", "Kind": "type"}
    validator = RowValidator.for_file(ImportType.INTERACTIONS, mapping, headers,
                                      Options(values={"type": {"Huddle": "meeting"}}))
    assert validator.validate(2, ["a@example.org", "2025-11-03", " huddle "]).record["type"] == "meeting"


def test_a_rejected_rows_reason_also_names_the_values_it_would_have_been_imported_without():
    verdict = _validate(["bob@@example", "", "555", "", ""])
    assert isinstance(verdict, Rejected)
    assert [field for field, _ in verdict.problems] == ["email", "phone"]


def test_a_postcode_is_held_to_a_countrys_form_only_when_the_row_names_its_country():
    abroad = _validate(["carla@example.org", "Díaz", "+44 20 7946 0958", "", "SW1A 2AA"], default_region="US")
    assert abroad == Validated({"email": "carla@example.org", "last_name": "Díaz", "phone": "+442079460958",
                                "postal_code": "SW1A 2AA"})
