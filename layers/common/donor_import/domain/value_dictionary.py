"""The value dictionary of the mapping step: for each mapped fixed-list field, the file's distinct values and
what each means — the user's or the organisation's choice, else a synonym, else the closest synonym (difflib),
else nothing (unmapped).

The distinct values are read from the first VALUE_ROWS rows of the file; a column with more than MAX_DISTINCT
distinct values there is no fixed list and is left out. What the dictionary shows is what the rows are read with:
resolved() puts its fuzzy matches into the options, under the choices."""

from dataclasses import replace
from difflib import get_close_matches
from functools import lru_cache

from .import_options import Options
from .mapping import Mapping
from .value_lists import VALUE_LISTS, ValueList

VALUE_ROWS = 1000
MAX_DISTINCT = 25
MAX_VALUE_CHARS = 60
FUZZY_CUTOFF = 0.8


def distinct_values(headers: list[str], rows: list[list[str]]) -> dict[str, list[str]]:
    """{header: its distinct values, in the order first met} for the columns with at most MAX_DISTINCT."""
    found: dict[str, dict[str, None]] = {header: {} for header in headers}
    for cells in rows:
        for header, cell in zip(headers, cells, strict=False):
            value = cell.strip()[:MAX_VALUE_CHARS]
            if value and header in found:
                found[header][value] = None
                if len(found[header]) > MAX_DISTINCT:
                    del found[header]
    return {header: list(values) for header, values in found.items() if values}


@lru_cache(maxsize=4096)
def _closest(key: str, field: str) -> str | None:
    synonyms = VALUE_LISTS[field].synonyms
    close = get_close_matches(key, list(synonyms), n=1, cutoff=FUZZY_CUTOFF)
    return synonyms[close[0]] if close else None


def meaning(value: str, listed: ValueList, chosen: dict[str, str]) -> tuple[str | None, str]:
    """(the canonical value, how it was found: "chosen", "synonym", "fuzzy" or "unmapped")."""
    key = value.strip().lower()
    chosen_here = {k.strip().lower(): v for k, v in chosen.items()}
    if key in chosen_here:
        return chosen_here[key], "chosen"
    if key in listed.synonyms:
        return listed.synonyms[key], "synonym"
    closest = _closest(key, listed.field)
    return (closest, "fuzzy") if closest else (None, "unmapped")


def _mapped_lists(mapping: Mapping, column_values: dict[str, list[str]]):
    for header, name in mapping.items():
        if name in VALUE_LISTS and header in column_values:
            yield header, VALUE_LISTS[name], column_values[header]


def dictionary(mapping: Mapping, options: Options, column_values: dict[str, list[str]]) -> list[dict]:
    """Per mapped fixed-list field: its header, label, canonical values, and each file value with its meaning."""
    shown = []
    for header, listed, values in _mapped_lists(mapping, column_values):
        chosen = options.values.get(listed.field, {})
        entries = []
        for value in values:
            canonical, how = meaning(value, listed, chosen)
            entries.append({"value": value, "maps_to": canonical, "how": how})
        shown.append({"field": listed.field, "label": listed.label, "header": header, "choices": listed.canonical,
                      "values": entries})
    return shown


def resolved(mapping: Mapping, options: Options, column_values: dict[str, list[str]]) -> Options:
    """The options with the dictionary's fuzzy matches added under the values chosen."""
    values = {name: dict(table) for name, table in options.values.items()}
    for _header, listed, found in _mapped_lists(mapping, column_values):
        for value in found:
            canonical, how = meaning(value, listed, values.get(listed.field, {}))
            if how == "fuzzy":
                values.setdefault(listed.field, {})[value] = canonical
    return replace(options, values=values)
