"""Matching rows to contacts and merging what a row says about a person into their record.

A new contact's id is derived from its email (or external id), so two batches processed in parallel that
both meet a new person create the same contact, not two.
"""

import uuid

from .import_types import PERSON_FIELDS

NAMESPACE = uuid.UUID("5d7a3c1e-2f4b-4c61-9a8e-0b1c2d3e4f50")
PERSON = tuple(f.name for f in PERSON_FIELDS) + ("tags", "notes", "kind")


def _derived(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def new_contact_id(org_id: str, record: dict, import_id: str, row: int) -> str:
    if record.get("email"):
        return _derived(org_id, "email", record["email"].lower())
    if record.get("external_id"):
        return _derived(org_id, "external", record["external_id"])
    return _derived(org_id, "row", import_id, str(row))


def record_id(import_id: str, row: int) -> str:
    """A donation, pledge or interaction's id: the same row of the same import is the same record."""
    return _derived("record", import_id, str(row))


def person_fields(record: dict) -> dict:
    return {k: v for k, v in record.items() if k in PERSON}


def merge(profile: dict, fields: dict) -> dict:
    """The profile with the row's non-empty values; tags are added to, never replaced."""
    merged = dict(profile)
    for name, value in fields.items():
        if name == "tags":
            merged["tags"] = sorted(set(merged.get("tags") or []) | set(value))
        elif name == "email":
            merged["email"] = value
            merged["email_key"] = value.lower()
        else:
            merged[name] = value
    return merged
