"""The value dictionary of the mapping step: for each mapped fixed-list field, the file's distinct values and
what each means — the user's or the organisation's choice, else a synonym, else the closest synonym (rapidfuzz's
ratio, at least FUZZY_CUTOFF, and never one that changes a number: "Spring Appeal 2024" is not "… 2025"), else
nothing (unmapped). The organisation's campaigns and funds are fixed lists when it keeps them (org_lists).

The distinct values are read from the first VALUE_ROWS rows of the file; a column with more than MAX_DISTINCT
distinct values there is no fixed list and is left out. What the dictionary shows is what the rows are read with:
resolved() puts its fuzzy matches into the options, under the choices. A value the dictionary did not show (first
met after those rows, or in a column of more values) is read by the same rule (Unseen), and a closest match then
comes with a warning: nobody saw that guess."""

import re
from dataclasses import replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from .import_options import Options
from .mapping import Mapping
from .org_lists import value_lists
from .soft_fields import RowWarning
from .value_lists import ValueList

VALUE_ROWS = 1000
MAX_DISTINCT = 25
MAX_VALUE_CHARS = 60
FUZZY_CUTOFF = 80  # rapidfuzz ratio, 0-100
MAX_UNSEEN = 10_000  # distinct unseen values a validator remembers the reading of (a column of free text has more)


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


def _closest(key: str, listed: ValueList) -> str | None:
    numbers = re.findall(r"\d+", key)
    same_numbers = [synonym for synonym in listed.synonyms if re.findall(r"\d+", synonym) == numbers]
    close = process.extractOne(key, same_numbers, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return listed.synonyms[close[0]] if close else None


def meaning(value: str, listed: ValueList, chosen: dict[str, str]) -> tuple[str | None, str]:
    """(the canonical value, how it was found: "chosen", "synonym", "fuzzy" or "unmapped")."""
    key = value.strip().lower()
    chosen_here = {k.strip().lower(): v for k, v in chosen.items()}
    if key in chosen_here:
        return chosen_here[key] or None, "chosen"  # "": the user said it means none of them
    if key in listed.synonyms:
        return listed.synonyms[key], "synonym"
    closest = _closest(key, listed)
    return (closest, "fuzzy") if closest else (None, "unmapped")


def _mapped_lists(mapping: Mapping, options: Options, column_values: dict[str, list[str]]):
    lists = value_lists(options.lists)
    for header, name in mapping.items():
        if name in lists and header in column_values:
            yield header, lists[name], column_values[header]


def dictionary(mapping: Mapping, options: Options, column_values: dict[str, list[str]]) -> list[dict]:
    """Per mapped fixed-list field: its header, label, canonical values, and each file value with its meaning."""
    shown = []
    for header, listed, values in _mapped_lists(mapping, options, column_values):
        chosen = options.values.get(listed.field, {})
        entries = []
        for value in values:
            canonical, how = meaning(value, listed, chosen)
            entries.append({"value": value, "maps_to": canonical, "how": how})
        shown.append({"field": listed.field, "label": listed.label, "header": header, "choices": listed.canonical,
                      "if_unmapped": listed.if_unmapped, "values": entries})
    return shown


def resolved(mapping: Mapping, options: Options, column_values: dict[str, list[str]]) -> Options:
    """The options with the dictionary's fuzzy matches added under the values chosen."""
    values = {name: dict(table) for name, table in options.values.items()}
    for _header, listed, found in _mapped_lists(mapping, options, column_values):
        for value in found:
            canonical, how = meaning(value, listed, values.get(listed.field, {}))
            if how == "fuzzy":
                values.setdefault(listed.field, {})[value] = canonical
    return replace(options, values=values)


class Unseen:
    """How a validator reads the values of fixed-list fields that the dictionary did not show: as meaning() would
    have, each distinct value looked up once (a fuzzy look-up costs far more than validating a row)."""

    def __init__(self, lists: dict[str, ValueList]):
        self.lists = lists
        self._guessed = lru_cache(maxsize=MAX_UNSEEN)(self._guess)

    def warning(self, name: str, text: str) -> RowWarning | None:
        """The warning of reading `text` of the listed field `name` as the closest value of its list; None when
        that is not how it reads (blank, a synonym, nothing close)."""
        if not text or text.lower() in self.lists[name].synonyms:
            return None
        return self._guessed(name, text)

    def _guess(self, name: str, text: str) -> RowWarning | None:
        listed = self.lists[name]
        canonical, how = meaning(text, listed, {})
        if how != "fuzzy":
            return None
        return RowWarning(name, text, f"'{text}' was read as '{canonical}', the closest {listed.label.lower()}; "
                                      "the preview did not show it", imported_as=canonical)
