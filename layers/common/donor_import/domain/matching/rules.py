"""What an import matches on (its match rule) and what a match may change on the stored contact (its update mode)."""

from enum import StrEnum


class MatchRule(StrEnum):
    STANDARD = "standard"  # external id, then email, then phone, then name + address
    EMAIL = "email"
    EXTERNAL_ID = "external_id"
    NEVER = "never"


class UpdateMode(StrEnum):
    UPDATE = "update"  # a non-empty incoming value replaces the stored one
    FILL_EMPTY = "fill_empty"  # only fields empty in the stored contact are filled
    KEEP = "keep"  # the contact is linked, not changed


CHOICES = {"match_rule": ("a match rule", MatchRule), "update_mode": ("an update mode", UpdateMode)}


def choice_errors(options: dict) -> list[str]:
    """A match rule or update mode that is none of the choices, worded as option_errors words a value outside a
    fixed list."""
    return [f"'{options[name]}' is not {label} ({', '.join(choices)})"
            for name, (label, choices) in CHOICES.items()
            if options.get(name) not in (None, "", *choices)]
