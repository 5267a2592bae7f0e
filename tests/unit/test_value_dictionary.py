"""The value dictionary: each distinct value of a fixed-list column and what it means (chosen, synonym, fuzzy,
unmapped), and the rows read as it shows."""

from donor_import.domain.import_options import Options
from donor_import.domain.import_types import ImportType
from donor_import.domain.row_validation import Rejected, RowValidator, Validated, preview
from donor_import.domain.value_dictionary import MAX_DISTINCT, dictionary, distinct_values, resolved

HEADERS = ["Email", "Date", "Kind"]
MAPPING = {"Email": "email", "Date": "date", "Kind": "type"}
ROWS = [["a@example.org", "2025-01-02", kind] for kind in
        ("Face to face", "APPOINTMENT", "Zoom call", "Phone call", "In Person", "Virtual", "Meetng", "Huddle")]


def test_each_distinct_value_is_shown_with_its_meaning_and_how_it_was_found():
    values = distinct_values(HEADERS, ROWS)
    (shown,) = dictionary(MAPPING, Options(values={"type": {"huddle": "meeting"}}), values)
    assert (shown["field"], shown["label"], shown["header"]) == ("type", "Interaction type", "Kind")
    assert [(v["value"], v["maps_to"], v["how"]) for v in shown["values"]] == [
        ("Face to face", "meeting", "synonym"), ("APPOINTMENT", "meeting", "synonym"),
        ("Zoom call", "meeting", "synonym"), ("Phone call", "call", "synonym"), ("In Person", "meeting", "synonym"),
        ("Virtual", "meeting", "synonym"), ("Meetng", "meeting", "fuzzy"), ("Huddle", "meeting", "chosen")]
    assert "event" in shown["choices"]


def test_an_unknown_value_is_unmapped_and_its_rows_rejected_until_the_user_says():
    rows = [["a@example.org", "2025-01-02", "Quarterly review"]]
    (shown,) = preview(ImportType.INTERACTIONS, HEADERS, list(enumerate(rows, 2)), MAPPING, Options())[
        "value_dictionary"]
    assert shown["values"] == [{"value": "Quarterly review", "maps_to": None, "how": "unmapped"}]
    validator = RowValidator.for_file(ImportType.INTERACTIONS, MAPPING, HEADERS, Options())
    assert isinstance(validator.validate(2, rows[0]), Rejected)
    chosen = Options(values={"type": {"Quarterly review": "meeting"}})
    validator = RowValidator.for_file(ImportType.INTERACTIONS, MAPPING, HEADERS, chosen)
    assert validator.validate(2, rows[0]).record["type"] == "meeting"


def test_fuzzy_matches_are_read_as_the_preview_shows_them():
    options = resolved(MAPPING, Options(), distinct_values(HEADERS, ROWS))
    assert options.values == {"type": {"Meetng": "meeting"}}
    shown = preview(ImportType.INTERACTIONS, HEADERS, list(enumerate(ROWS[:7], 2)), MAPPING, Options())
    assert shown["problems"] == []


def test_a_column_of_many_values_is_no_fixed_list():
    rows = [["a@example.org", "2025-01-02", f"kind {n}"] for n in range(MAX_DISTINCT + 1)]
    assert "Kind" not in distinct_values(HEADERS, rows)


def _many_kinds(last: str) -> list[list[str]]:
    """A column of more than MAX_DISTINCT values (no dictionary in the preview), `last` after them."""
    return [["a@example.org", "2025-01-02", f"kind {n}"] for n in range(MAX_DISTINCT + 1)] + [
        ["a@example.org", "2025-01-02", last]]


def test_a_value_first_met_after_the_previews_rows_is_read_as_the_preview_would_have_with_a_warning():
    rows = _many_kinds("Meetng")
    assert "Kind" not in distinct_values(HEADERS, rows)
    validator = RowValidator.for_file(ImportType.INTERACTIONS, MAPPING, HEADERS,
                                      resolved(MAPPING, Options(), distinct_values(HEADERS, rows)))
    verdict = validator.validate(len(rows) + 1, rows[-1])
    assert isinstance(verdict, Validated) and verdict.record["type"] == "meeting"
    assert [(w.field, w.value, w.imported_as, w.reason) for w in verdict.warnings] == [
        ("type", "Meetng", "meeting",
         "'Meetng' was read as 'meeting', the closest interaction type; the preview did not show it")]


def test_a_value_the_preview_would_not_have_read_is_still_rejected_or_kept_as_its_list_says():
    validator = RowValidator.for_file(ImportType.INTERACTIONS, MAPPING, HEADERS, Options())
    assert isinstance(validator.validate(2, ["a@example.org", "2025-01-02", "Quarterly review"]), Rejected)
    donations = RowValidator.for_file(ImportType.DONATIONS, {"Email": "email", "Amount": "amount", "Date": "date",
                                                             "Method": "payment_method"},
                                      ["Email", "Amount", "Date", "Method"], Options())
    kept = donations.validate(2, ["a@example.org", "25", "2025-01-02", "Barter"])
    assert kept.record["payment_method"] == "Barter" and kept.warnings == ()
    read = donations.validate(3, ["a@example.org", "25", "2025-01-02", "Chequ"])
    assert read.record["payment_method"] == "check" and [w.imported_as for w in read.warnings] == ["check"]


def test_a_value_the_user_says_means_none_of_them_is_read_as_unmapped_not_as_its_closest():
    # The page sends "" for a value whose select is left at "not known": the preview had suggested "meeting".
    chosen = Options(values={"type": {"Meetng": ""}})
    (shown,) = dictionary(MAPPING, chosen, distinct_values(HEADERS, ROWS))
    assert shown["values"][6] == {"value": "Meetng", "maps_to": None, "how": "chosen"}
    options = resolved(MAPPING, chosen, distinct_values(HEADERS, ROWS))
    assert options.values == {"type": {"Meetng": ""}}
    validator = RowValidator.for_file(ImportType.INTERACTIONS, MAPPING, HEADERS, options)
    assert isinstance(validator.validate(8, ROWS[6]), Rejected)
    # the same where the dictionary did not show it: no guess against the user's word
    validator = RowValidator.for_file(ImportType.INTERACTIONS, MAPPING, HEADERS, chosen)
    assert isinstance(validator.validate(8, ROWS[6]), Rejected)
