"""A row's match keys: the values that identify a contact, each claimed by at most one contact.

Exact keys say who it is by themselves: the external id (as written, trimmed), the email (trimmed, lower case;
nothing else — "+tags" and Gmail's dots are different addresses) and the phone (E.164 from row validation).
A shared family email or phone held by someone else is claimed again qualified by the given name
(`email_name`, `phone_name`), so the second person of the family is found by it.
Blocking keys fetch the candidates that are scored: the family name with the first given name and postal code
(`name_postal`), and the family name with the street and postal code (`name_street`: a household, so an initial
or a nickname at the same address finds it). An organisation has `org_postal` (its normalised name and postal
code, which may be blank) instead: a person never matches an organisation by name.
"""

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from . import addresses, names, organisations
from .rules import MatchRule

MAX_VALUE = 400  # a DynamoDB key holds 1,024 bytes: a longer value is cut and made unique by its hash


class KeyKind(StrEnum):
    EXTERNAL_ID = "external_id"
    EMAIL = "email"
    EMAIL_NAME = "email_name"
    PHONE = "phone"
    PHONE_NAME = "phone_name"
    NAME_POSTAL = "name_postal"
    NAME_STREET = "name_street"
    ORG_POSTAL = "org_postal"


# A shared email or phone, qualified by the given name.
QUALIFIED = {KeyKind.EMAIL: KeyKind.EMAIL_NAME, KeyKind.PHONE: KeyKind.PHONE_NAME}


@dataclass(frozen=True, order=True)
class MatchKey:
    kind: str
    value: str

    def text(self) -> str:
        """One string, e.g. "email:ada@example.org" (the DynamoDB key part)."""
        return f"{self.kind}:{self.value}"


def _key(kind: KeyKind, *parts: str) -> MatchKey:
    value = "|".join(parts)
    if len(value.encode()) > MAX_VALUE:
        value = value[:MAX_VALUE // 4 * 3] + "~" + hashlib.sha256(value.encode()).hexdigest()[:32]
    return MatchKey(kind.value, value)


def is_organization(fields: dict) -> bool:
    return fields.get("kind") == "organization"


def email(fields: dict) -> str:
    return (fields.get("email") or "").strip().lower()


def _identifiers(person: dict) -> dict[KeyKind, MatchKey]:
    found = {}
    if external_id := (person.get("external_id") or "").strip():
        found[KeyKind.EXTERNAL_ID] = _key(KeyKind.EXTERNAL_ID, external_id)
    if address := email(person):
        found[KeyKind.EMAIL] = _key(KeyKind.EMAIL, address)
    if phone := (person.get("phone") or "").strip():
        found[KeyKind.PHONE] = _key(KeyKind.PHONE, phone)
    return found


def qualified(key: MatchKey, person: dict) -> MatchKey | None:
    """The email or phone key qualified by the person's given name: the key a family's second person claims."""
    kind = QUALIFIED.get(KeyKind(key.kind))
    name = None if is_organization(person) else names.of(person)
    return _key(kind, key.value, name.given_key) if kind and name and name.given else None


def exact_keys(person: dict, rule: MatchRule) -> list[MatchKey]:
    """The rule's exact keys, in its order: external id, email, phone (each email and phone then its qualified key)."""
    kinds = {MatchRule.STANDARD: (KeyKind.EXTERNAL_ID, KeyKind.EMAIL, KeyKind.PHONE),
             MatchRule.EMAIL: (KeyKind.EMAIL,), MatchRule.EXTERNAL_ID: (KeyKind.EXTERNAL_ID,)}.get(rule, ())
    found = _identifiers(person)
    keys = []
    for kind in kinds:
        if kind in found:
            keys.append(found[kind])
            keys += [q] if (q := qualified(found[kind], person)) else []
    return keys


def _name_keys(person: dict) -> list[MatchKey]:
    postal = addresses.postal_of(person)
    if is_organization(person):
        organisation = organisations.of(person)
        return [_key(KeyKind.ORG_POSTAL, organisation, postal)] if organisation else []
    name = names.of(person)
    if not (postal and name and name.family):
        return []
    keys = [_key(KeyKind.NAME_POSTAL, name.family, name.given_key, postal)] if name.given else []
    if street := addresses.of(person):
        keys.append(_key(KeyKind.NAME_STREET, name.family, street.key, postal))
    return keys


def blocking_keys(person: dict, rule: MatchRule) -> list[MatchKey]:
    """The name and address keys whose holders are the row's candidates (the standard rule only)."""
    return _name_keys(person) if rule is MatchRule.STANDARD else []


def claimable_keys(person: dict, rule: MatchRule) -> list[MatchKey]:
    """What a new or matched contact claims, whatever the rule: what it owns, so that any later rule finds it."""
    return list(_identifiers(person).values()) + _name_keys(person)


def lookup_keys(person: dict, rule: MatchRule) -> list[MatchKey]:
    """Every key whose holder `decide` needs to know: the rule's exact and blocking keys and the claimable ones
    (a key held already is not claimed again)."""
    return list(dict.fromkeys(exact_keys(person, rule) + blocking_keys(person, rule) + claimable_keys(person, rule)))
