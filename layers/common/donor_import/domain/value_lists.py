"""The fields with a fixed set of values: their canonical values and the synonyms files write for them.

Payment method keeps a value it does not know (as the file writes it); frequency and interaction type reject one,
unless the user or the organisation said what it means (the value dictionaries of the mapping and settings). The
organisation's own campaigns and funds are lists too, when it keeps them (org_lists)."""

from dataclasses import dataclass
from typing import Literal

from .values import FREQUENCIES, INTERACTION_TYPES, PAYMENT_METHODS


@dataclass(frozen=True)
class ValueList:
    field: str
    label: str
    synonyms: dict[str, str]  # lower-case synonym -> canonical value
    if_unmapped: Literal["kept", "rejected", "warning"]  # what a value of no meaning does to its row

    @property
    def canonical(self) -> list[str]:
        return list(dict.fromkeys(self.synonyms.values()))

    def allows(self, meant: str) -> bool:
        """Whether a value dictionary may read a file value as `meant`: one of the list's, or "" (none of them)."""
        return not meant or meant in self.synonyms.values()


VALUE_LISTS = {
    "payment_method": ValueList("payment_method", "Payment method", PAYMENT_METHODS, "kept"),
    "frequency": ValueList("frequency", "Frequency", FREQUENCIES, "rejected"),
    "type": ValueList("type", "Interaction type", INTERACTION_TYPES, "rejected"),
}


def dictionary_errors(dictionaries: dict[str, dict[str, str]],
                      lists: dict[str, ValueList] = VALUE_LISTS) -> list[str]:
    """What makes value dictionaries unusable: a field without a fixed list (in `lists`), a value outside its list."""
    errors = []
    for name, table in dictionaries.items():
        listed = lists.get(name)
        if listed is None:
            errors.append(f"'{name}' has no fixed list of values (these do: {', '.join(lists)})")
            continue
        unknown = sorted({value for value in table.values() if not listed.allows(value)})
        if unknown:
            errors.append(f"{listed.label.lower()} has no value(s) {', '.join(map(repr, unknown))} "
                          f"(it has {', '.join(listed.canonical)})")
    return errors
