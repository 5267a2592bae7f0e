"""A contact's fields, the ids of what a row creates, and what a batch writes to a profile.

Which contact a row belongs to is decided by its match keys (domain/matching, services/contact_matching)."""

import uuid
from dataclasses import dataclass, field
from functools import lru_cache

from .ids import id_of
from .import_types import PERSON_FIELDS

NAMESPACE = uuid.UUID("5d7a3c1e-2f4b-4c61-9a8e-0b1c2d3e4f50")
PERSON = tuple(f.name for f in PERSON_FIELDS) + ("tags", "notes", "kind")


def _derived(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


@lru_cache(maxsize=4096)  # asked for each row more than once (a batch's own contacts, then each decision)
def new_contact_id(import_id: str, row: int) -> str:
    """The id of the contact a row of an import creates: a ULID, the same for a redelivered batch (the row's
    number does not change with the attempt), so a redelivery never makes a second contact."""
    return id_of(import_id, "contact", str(row))


def record_id(import_id: str, row: int) -> str:
    """A donation, pledge or interaction's id: the same row of the same import is the same record."""
    return _derived("record", import_id, str(row))


def person_fields(record: dict) -> dict:
    return {k: v for k, v in record.items() if k in PERSON}


@dataclass(frozen=True)
class ProfileWrite:
    """What a batch writes to one contact's profile: fields set, fields filled only where empty, tags added."""

    contact_id: str
    sets: dict = field(default_factory=dict)
    fills: dict = field(default_factory=dict)
    tags: frozenset[str] = frozenset()
