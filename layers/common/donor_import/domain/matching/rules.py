"""What an import matches on, and what a match does to the stored contact."""

from enum import StrEnum


class MatchRule(StrEnum):
    STANDARD = "standard"
    EMAIL = "email"
    EXTERNAL_ID = "external_id"
    NEVER = "never"


class UpdateMode(StrEnum):
    UPDATE = "update"
    FILL_EMPTY = "fill_empty"
    KEEP = "keep"
