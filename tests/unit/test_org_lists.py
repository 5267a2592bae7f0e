"""The organisation's campaigns and funds as fixed lists: a file value names one (any case, then the closest),
else it is a warning and the gift is imported without it; with no list the field stays free text."""

import pytest
from rapidfuzz import fuzz

from donor_import.domain.import_options import Options
from donor_import.domain.import_types import ImportType, type_spec
from donor_import.domain.org_lists import current_dictionaries, org_value_lists
from donor_import.domain.org_settings import OrgSettings
from donor_import.domain.row_validation import Rejected, RowValidator, Validated, option_errors, preview
from donor_import.domain.value_dictionary import FUZZY_CUTOFF, dictionary, distinct_values, meaning

HEADERS = ["Email", "Amount", "Date", "Appeal", "Fund"]
MAPPING = {"Email": "email", "Amount": "amount", "Date": "date", "Appeal": "campaign", "Fund": "fund"}
CAMPAIGNS = ["Spring Appeal 2025", "Annual Gala", "Capital Campaign"]
FUNDS = ["General", "Building Fund"]
LISTED = Options(lists={"campaign": CAMPAIGNS, "fund": FUNDS})


def _row(campaign: str, fund: str = "General") -> list[str]:
    return ["a@example.org", "25", "2025-01-02", campaign, fund]


def _validate(options: Options, cells: list[str]) -> Validated | Rejected:
    return RowValidator.for_file(ImportType.DONATIONS, MAPPING, HEADERS, options).validate(2, cells)


@pytest.mark.parametrize(("written", "meant", "how"), [
    ("Spring Appeal 2025", "Spring Appeal 2025", "synonym"),
    ("ANNUAL GALA", "Annual Gala", "synonym"),
    ("Anual Gala", "Annual Gala", "fuzzy"),
    ("Sprng Appeal 2025", "Spring Appeal 2025", "fuzzy"),
    ("Capital Campaing", "Capital Campaign", "fuzzy"),
    ("Spring Appeal 2024", None, "unmapped"),  # close, but another year: never read as 2025
    ("Gala", None, "unmapped"),
    ("Capital Fund", None, "unmapped"),
    ("Golf Day", None, "unmapped"),
])
def test_a_file_value_names_a_campaign_as_written_then_by_the_closest_else_none(written, meant, how):
    (listed,) = org_value_lists({"campaign": CAMPAIGNS}).values()
    assert meaning(written, listed, {}) == (meant, how)


def test_the_fuzzy_cutoff_sits_between_a_typo_and_another_name():
    assert fuzz.ratio("anual gala", "annual gala") >= FUZZY_CUTOFF
    assert fuzz.ratio("capital fund", "capital campaign") < FUZZY_CUTOFF
    assert fuzz.ratio("gala", "annual gala") < FUZZY_CUTOFF


def test_the_preview_lists_campaign_and_fund_values_with_the_organisations_names_as_choices():
    rows = [_row("Spring appeal 2025"), _row("Anual Gala", "Buildng Fund"), _row("Golf Day", "General")]
    shown = dictionary(MAPPING, LISTED, distinct_values(HEADERS, rows))
    campaign, fund = shown
    assert (campaign["field"], campaign["label"], campaign["choices"], campaign["if_unmapped"]) == (
        "campaign", "Campaign", CAMPAIGNS, "warning")
    assert [(v["value"], v["maps_to"], v["how"]) for v in campaign["values"]] == [
        ("Spring appeal 2025", "Spring Appeal 2025", "synonym"), ("Anual Gala", "Annual Gala", "fuzzy"),
        ("Golf Day", None, "unmapped")]
    assert [(v["value"], v["maps_to"]) for v in fund["values"]] == [("General", "General"),
                                                                    ("Buildng Fund", "Building Fund")]


def test_without_a_list_campaign_and_fund_are_free_text():
    rows = [_row("Golf Day", "Anything")]
    assert dictionary(MAPPING, Options(), distinct_values(HEADERS, rows)) == []
    verdict = _validate(Options(), rows[0])
    assert isinstance(verdict, Validated) and verdict.warnings == ()
    assert (verdict.record["campaign"], verdict.record["fund"]) == ("Golf Day", "Anything")


def test_a_listed_value_is_imported_as_the_organisation_writes_it():
    verdict = _validate(LISTED, _row("annual gala", "GENERAL"))
    assert (verdict.record["campaign"], verdict.record["fund"]) == ("Annual Gala", "General")


def test_an_unmapped_campaign_is_a_warning_and_the_gift_is_imported_without_it():
    verdict = _validate(LISTED, _row("Golf Day"))
    assert isinstance(verdict, Validated) and verdict.record.get("campaign") is None
    assert verdict.record["amount"] and verdict.record["fund"] == "General"
    assert [(w.field, w.value, w.reason) for w in verdict.warnings] == [
        ("campaign", "Golf Day", "'Golf Day' is none of your organisation's campaigns")]


def test_an_organisation_that_makes_campaign_an_error_gets_the_row_rejected():
    options = Options(lists=LISTED.lists, field_errors=["campaign"])
    verdict = _validate(options, _row("Golf Day"))
    assert isinstance(verdict, Rejected) and verdict.problems == [
        ("campaign", "'Golf Day' is none of your organisation's campaigns")]


def test_the_preview_reads_fuzzy_and_chosen_values_and_warns_of_the_rest():
    rows = [_row("Anual Gala"), _row("Golf Day"), _row("Gala night")]
    chosen = Options(lists=LISTED.lists, values={"campaign": {"Gala night": "Annual Gala"}})
    shown = preview(ImportType.DONATIONS, HEADERS, list(enumerate(rows, 2)), MAPPING, chosen)
    assert shown["problems"] == []
    assert [(w["row"], w["field"], w["value"]) for w in shown["warnings"]] == [(3, "campaign", "Golf Day")]


def test_a_value_or_constant_outside_the_organisations_list_is_refused():
    spec = type_spec(ImportType.DONATIONS)
    options = Options(lists=LISTED.lists, values={"campaign": {"Gala": "Gala 2019"}}, constants={"fund": "Roof"})
    assert option_errors(options, spec) == [
        "campaign has no value(s) 'Gala 2019' (it has Spring Appeal 2025, Annual Gala, Capital Campaign)",
        "'Roof' is not a fund (General, Building Fund)"]
    assert option_errors(Options(lists=LISTED.lists, constants={"fund": "building fund"}), spec) == []


def test_settings_give_an_import_their_lists_and_let_campaign_and_fund_be_errors():
    settings = OrgSettings(campaigns=CAMPAIGNS, field_levels={"campaign": "error"},
                           dictionaries={"campaign": {"Gala 25": "Annual Gala"}})
    assert settings.errors() == []
    assert settings.import_options()["lists"] == {"campaign": CAMPAIGNS}
    assert settings.import_options()["field_errors"] == ["campaign"]


def test_settings_refuse_a_name_twice_and_a_dictionary_value_off_the_list():
    settings = OrgSettings(funds=["General", "general"], dictionaries={"campaign": {"x": "Annual Gala"}})
    assert settings.errors() == ["funds listed twice: 'General', 'general'",
                                 "'campaign' has no fixed list of values (these do: payment_method, frequency, "
                                 "type, fund)"]


def test_settings_lists_are_bounded():
    with pytest.raises(ValueError, match="at most 500"):
        OrgSettings(campaigns=[f"Campaign {n}" for n in range(501)])
    with pytest.raises(ValueError, match="at most 100 characters"):
        OrgSettings(funds=["x" * 101])
    assert OrgSettings(funds=["  General  "]).funds == ["General"]


def test_a_campaign_the_preview_did_not_show_is_read_as_its_closest_with_a_warning_and_kept():
    verdict = _validate(LISTED, _row("Sprng Appeal 2025"))
    assert isinstance(verdict, Validated) and verdict.record["campaign"] == "Spring Appeal 2025"
    assert [(w.field, w.value, w.imported_as, w.reason) for w in verdict.warnings] == [
        ("campaign", "Sprng Appeal 2025", "Spring Appeal 2025",
         "'Sprng Appeal 2025' was read as 'Spring Appeal 2025', the closest campaign; the preview did not show it")]


def test_a_campaign_the_preview_showed_as_the_closest_is_read_so_without_a_warning():
    shown = Options(lists=LISTED.lists, values={"campaign": {"Sprng Appeal 2025": "Spring Appeal 2025"}})
    verdict = _validate(shown, _row("Sprng Appeal 2025"))
    assert verdict.record["campaign"] == "Spring Appeal 2025" and verdict.warnings == ()


def test_a_closest_campaign_the_preview_did_not_show_does_not_reject_where_campaign_warnings_are_errors():
    options = Options(lists=LISTED.lists, field_errors=["campaign"])
    verdict = _validate(options, _row("Anual Gala"))
    assert isinstance(verdict, Validated) and verdict.record["campaign"] == "Annual Gala"
    assert [w.imported_as for w in verdict.warnings] == ["Annual Gala"]


def test_saved_dictionaries_are_read_as_the_lists_are_now():
    saved = {"campaign": {"Gala 25": "Annual Gala", "Spring": "Spring Appeal 2025", "Golf": ""},
             "fund": {"Bldg": "Building"}, "frequency": {"every 4 weeks": "monthly"}}
    kept, dropped = current_dictionaries(saved, {"campaign": ["Annual Gala", "Capital Campaign"]})
    assert kept == {"campaign": {"Gala 25": "Annual Gala", "Golf": ""},  # "": none of them, still
                    "frequency": {"every 4 weeks": "monthly"}}
    assert dropped == ["'Spring' read as 'Spring Appeal 2025' (no longer one of your campaigns)",
                       "what its fund values mean (your organisation keeps no list of funds now: any text is kept "
                       "as written)"]
