"""A row's match keys: the values that identify a contact, each claimed by at most one contact.

Exact keys say who it is by themselves: the external id (as written, trimmed), the email (trimmed, lower case;
nothing else — "+tags" and Gmail's dots are different addresses) and the phone (E.164 from row validation).
A shared family email or phone held by someone else is claimed again qualified by the given name
(`email_name`, `phone_name`), so the second person of the family is found by it.
Blocking keys fetch the candidates that are scored: the family name with the given name(s) and postal code
(`name_postal`), and the family name with the street and postal code (`name_street`: a household, so an initial
or a nickname at the same address finds it). An organisation has `org_postal` (its normalised name and postal
code, which may be blank) instead: a person never matches an organisation by name.
"""

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from . import features
from .features import Features
from .rules import MatchRule
from .text import ROWS

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


class MatchKey(NamedTuple):
    """A tuple: keys are hashed ~50 times a row, and a tuple is hashed without running Python code, where a
    dataclass ran its __hash__ (measured: a dict lookup ~0.07 µs faster, making a key ~0.2 µs)."""

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


@dataclass(frozen=True)
class RowKeys:
    """Every key of one row, worked out once."""

    identifiers: tuple[tuple[KeyKind, MatchKey], ...]  # external id, email, phone: those the row has
    qualified: dict[MatchKey, MatchKey]  # email or phone key -> the same qualified by the given name
    names: tuple[MatchKey, ...]  # name_postal, name_street or org_postal

    def exact(self, rule: MatchRule) -> list[MatchKey]:
        kinds = RULE_KINDS.get(rule, ())
        keys = []
        for kind, key in self.identifiers:
            if kind in kinds:
                keys.append(key)
                keys += [self.qualified[key]] if key in self.qualified else []
        return keys

    def blocking(self, rule: MatchRule) -> list[MatchKey]:
        return list(self.names) if rule is MatchRule.STANDARD else []

    @property
    def claimable(self) -> list[MatchKey]:
        return [key for _, key in self.identifiers] + list(self.names)

    def lookup(self, rule: MatchRule) -> list[MatchKey]:
        qualified = set(self.qualified.values())
        return [key for key in dict.fromkeys(self.exact(rule) + self.blocking(rule) + self.claimable)
                if key not in qualified]


RULE_KINDS = {MatchRule.STANDARD: (KeyKind.EXTERNAL_ID, KeyKind.EMAIL, KeyKind.PHONE),
              MatchRule.EMAIL: (KeyKind.EMAIL,), MatchRule.EXTERNAL_ID: (KeyKind.EXTERNAL_ID,)}


def row_keys(person: dict) -> RowKeys:
    return _row_keys(*map(person.get, features.READ))


@lru_cache(maxsize=ROWS)
def _row_keys(*values: str | None) -> RowKeys:
    seen = features.from_values(*values)
    identifiers = tuple((kind, _key(kind, value)) for kind, value in (
        (KeyKind.EXTERNAL_ID, seen.external_id), (KeyKind.EMAIL, seen.email), (KeyKind.PHONE, seen.phone)) if value)
    given = seen.name.given_key if seen.name else ""
    qualified = {key: _key(QUALIFIED[kind], key.value, given) for kind, key in identifiers
                 if kind in QUALIFIED and given}
    return RowKeys(identifiers, qualified, _name_keys(seen))


# A shared email or phone, qualified by the given name.
QUALIFIED = {KeyKind.EMAIL: KeyKind.EMAIL_NAME, KeyKind.PHONE: KeyKind.PHONE_NAME}


def _name_keys(seen: Features) -> tuple[MatchKey, ...]:
    if seen.organization:
        return (_key(KeyKind.ORG_POSTAL, seen.organisation, seen.postal),) if seen.organisation else ()
    name = seen.name
    if not (seen.postal and name and name.family):
        return ()
    keys = (_key(KeyKind.NAME_POSTAL, name.family, name.given_key, seen.postal),) if name.given else ()
    if seen.street:
        keys += (_key(KeyKind.NAME_STREET, name.family, seen.street.key, seen.postal),)
    return keys


def exact_keys(person: dict, rule: MatchRule) -> list[MatchKey]:
    """The rule's exact keys, in its order: external id, email, phone (each email and phone then its qualified key)."""
    return row_keys(person).exact(rule)


def blocking_keys(person: dict, rule: MatchRule) -> list[MatchKey]:
    """The name and address keys whose holders are the row's candidates (the standard rule only)."""
    return row_keys(person).blocking(rule)


def claimable_keys(person: dict, rule: MatchRule) -> list[MatchKey]:
    """What a new or matched contact claims, whatever the rule: what it owns, so that any later rule finds it."""
    return row_keys(person).claimable


def lookup_keys(person: dict, rule: MatchRule) -> list[MatchKey]:
    """The keys whose holders `decide` needs to know, read first: the rule's exact and blocking keys and the
    claimable ones (a key held already is not claimed again). The keys qualified by the given name are read once
    their email or phone is seen held by someone else (`decisions.family_keys`): most are never needed."""
    return row_keys(person).lookup(rule)
