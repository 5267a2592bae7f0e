"""The fields with a fixed set of values: their canonical values and the synonyms files write for them.

Payment method keeps a value it does not know (as the file writes it); frequency and interaction type reject one,
unless the user or the organisation said what it means (the value dictionaries of the mapping and settings)."""

from dataclasses import dataclass

from .values import FREQUENCIES, INTERACTION_TYPES, PAYMENT_METHODS


@dataclass(frozen=True)
class ValueList:
    field: str
    label: str
    synonyms: dict[str, str]  # lower-case synonym -> canonical value
    strict: bool  # an unknown value rejects the row

    @property
    def canonical(self) -> list[str]:
        return list(dict.fromkeys(self.synonyms.values()))


VALUE_LISTS = {
    "payment_method": ValueList("payment_method", "Payment method", PAYMENT_METHODS, strict=False),
    "frequency": ValueList("frequency", "Frequency", FREQUENCIES, strict=True),
    "type": ValueList("type", "Interaction type", INTERACTION_TYPES, strict=True),
}


def dictionary_errors(dictionaries: dict[str, dict[str, str]]) -> list[str]:
    """What makes value dictionaries unusable: a field without a fixed list, a value outside its list."""
    errors = []
    for name, table in dictionaries.items():
        listed = VALUE_LISTS.get(name)
        if listed is None:
            errors.append(f"'{name}' has no fixed list of values (these do: {', '.join(VALUE_LISTS)})")
            continue
        unknown = sorted({value for value in table.values() if value not in listed.canonical})
        if unknown:
            errors.append(f"{listed.label.lower()} has no value(s) {', '.join(map(repr, unknown))} "
                          f"(it has {', '.join(listed.canonical)})")
    return errors
