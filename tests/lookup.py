"""Contacts as the tests look them up: by a match key, as the processor finds them."""

from donor_import.domain.matching.keys import MatchKey


def contact_id_by(crm, org_id: str, kind: str, value: str) -> str | None:
    key = MatchKey(kind, value.strip().lower() if kind == "email" else value)
    return crm.holders(org_id, {key}).get(key)


def profile_by(crm, org_id: str, kind: str, value: str) -> dict | None:
    contact_id = contact_id_by(crm, org_id, kind, value)
    return crm.profiles(org_id, {contact_id}).get(contact_id) if contact_id else None
