"""The organisation's own campaigns and funds (its settings). When it keeps a list of one, a file's value of that
field names one of its entries: as written (any case), or as the value dictionary reads it (chosen, else the
closest); a value that names none is a warning and the gift is imported without it, unless the organisation made
that field an error. With no list the field is free text."""

from typing import Annotated

from pydantic import StringConstraints

from .soft_fields import RowWarning
from .value_lists import VALUE_LISTS, ValueList

LISTED_FIELDS = {"campaign": "Campaign", "fund": "Fund"}
MAX_NAMES = 500
MAX_NAME_CHARS = 100

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_CHARS)]


def org_value_lists(lists: dict[str, list[str]]) -> dict[str, ValueList]:
    """The organisation's lists as value lists: each name is its own (lower-case) synonym."""
    return {name: ValueList(name, LISTED_FIELDS[name], {entry.lower(): entry for entry in entries}, "warning")
            for name, entries in lists.items() if entries and name in LISTED_FIELDS}


def value_lists(lists: dict[str, list[str]]) -> dict[str, ValueList]:
    """Every fixed list an import reads with: the built-in ones and the organisation's."""
    return {**VALUE_LISTS, **org_value_lists(lists)}


def current_dictionaries(dictionaries: dict[str, dict[str, str]],
                         lists: dict[str, list[str]]) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Saved value dictionaries as the organisation's lists are now, and what they lose, in words: a field whose
    list was emptied since is free text, so its dictionary goes; an entry naming a value its list no longer has
    goes too. (What a request sends is checked instead: dictionary_errors.)"""
    listed = value_lists(lists)
    kept, dropped = {}, []
    for name, table in dictionaries.items():
        if name not in listed:
            label = LISTED_FIELDS.get(name, name).lower()
            dropped.append(f"what its {label} values mean (your organisation keeps no list of {label}s now: any "
                           "text is kept as written)")
            continue
        value_list = listed[name]
        still = {value: meant for value, meant in table.items() if value_list.allows(meant)}
        kept[name] = still
        dropped += [f"'{value}' read as '{meant}' (no longer one of your {value_list.label.lower()}s)"
                    for value, meant in table.items() if value not in still]
    return kept, dropped


def duplicate_errors(lists: dict[str, list[str]]) -> list[str]:
    """A name given twice (in any case) in one list."""
    errors = []
    for name, entries in lists.items():
        seen = [entry.lower() for entry in entries]
        twice = sorted({entry for entry in entries if seen.count(entry.lower()) > 1})
        if twice:
            errors.append(f"{LISTED_FIELDS[name].lower()}s listed twice: {', '.join(map(repr, twice))}")
    return errors


def check_listed(row: dict[str, str], listed: dict[str, ValueList]) -> tuple[dict[str, str], list[RowWarning]]:
    """The row with each listed field's value as the organisation writes it, or left out with a warning."""
    kept, warnings = dict(row), []
    for name, value_list in listed.items():
        text = (row.get(name) or "").strip()
        if not text:
            continue
        if entry := value_list.synonyms.get(text.lower()):
            kept[name] = entry
        else:
            del kept[name]
            warnings.append(RowWarning(name, text, f"'{text}' is none of your organisation's "
                                                   f"{value_list.label.lower()}s"))
    return kept, warnings
