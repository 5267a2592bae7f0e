"""The value dictionary: each distinct value of a fixed-list column and what it means (chosen, synonym, fuzzy,
unmapped), and the rows read as it shows."""

from donor_import.domain.import_options import Options
from donor_import.domain.import_types import ImportType
from donor_import.domain.row_validation import Rejected, RowValidator, preview
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
