"""What a row says about a contact, and what of it a match may change under the import's update mode."""

from . import features
from .rules import UpdateMode
from .text import blank, fold

# The fields a contact keeps (row validation's person fields, the contact's own, and whether it is an organisation).
CONTACT_FIELDS = ("external_id", "first_name", "last_name", "organization_name", "email", "phone", "address_line1",
                  "address_line2", "city", "state", "postal_code", "country", "tags", "notes", "kind")
IDENTITY = frozenset({"kind"})  # set when a contact is created, never changed by a match


KEPT = frozenset(CONTACT_FIELDS)


def contact_fields(person: dict) -> dict:
    """The person's contact fields that carry a value."""
    return {name: value for name, value in person.items() if name in KEPT and not blank(value)}


def _abbreviates(name: str, incoming, stored) -> bool:
    """"A." for a stored first name "Ada": an initial never replaces the name it stands for."""
    if name != "first_name" or blank(stored):
        return False
    short, whole = fold(incoming), fold(stored)
    return len(short) == 1 and len(whole) > 1 and whole.startswith(short)


def _one_of_household(name: str, incoming: dict, stored: dict) -> bool:
    """"Ann Lee" for a stored "Ann & Bo Lee": one person of a joint name never replaces the household's name (its
    other person would no longer find it)."""
    if name != "first_name":
        return False
    person, household = features.of(incoming).name, features.of(stored).name
    return bool(person and household) and set(person.given) < set(household.given)


def changes(stored: dict, incoming: dict, mode: UpdateMode) -> dict:
    """update: a non-empty incoming value replaces; fill_empty: only fields empty in stored; keep: nothing.
    A blank never wipes a value; tags: the incoming tags not stored yet (added to, never replaced)."""
    if mode is UpdateMode.KEEP:
        return {}
    found = {}
    for name, value in incoming.items():
        if name in IDENTITY or name not in KEPT or blank(value):
            continue
        current = stored.get(name)
        if name == "tags":
            if new := sorted(set(value) - set(current or [])):
                found["tags"] = new
        elif blank(current) or (mode is UpdateMode.UPDATE and value != current
                                and not _abbreviates(name, value, current)
                                and not _one_of_household(name, incoming, stored)):
            found[name] = value
    return found
