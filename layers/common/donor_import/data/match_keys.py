"""Match keys as items of the records table: one item per key of an organisation, naming the contact that
holds it. A key is claimed with a conditional put (data/claims.py), so two batches meeting one new person
make one contact; a key, once held, is never taken from its contact."""

from dataclasses import dataclass

from ..domain.matching.keys import MatchKey
from .claims import Claim

KEY_SK = "KEY"


def match_key_pk(org_id: str, key: MatchKey) -> str:
    return f"K#{org_id}#{key.text()}"


def match_key_item(org_id: str, key: MatchKey, contact_id: str) -> dict:
    return {"pk": match_key_pk(org_id, key), "sk": KEY_SK, "kind": key.kind, "value": key.value,
            "contact_id": contact_id}


def key_of(item: dict) -> MatchKey:
    return MatchKey(item["kind"], item["value"])


@dataclass(frozen=True)
class KeyClaim:
    """Keys a contact claims, all or none."""

    contact_id: str
    keys: tuple[MatchKey, ...]


@dataclass(frozen=True)
class LostKey:
    """A key of a claim that another contact holds (holder: its id; None when it was not read back)."""

    key: MatchKey
    holder: str | None


def key_claim(table: str, org_id: str, wanted: KeyClaim) -> Claim:
    return Claim(table, "contact_id", [match_key_item(org_id, key, wanted.contact_id) for key in wanted.keys])


def lost_key(key_item: dict, holder: dict | None) -> LostKey:
    return LostKey(key_of(key_item), holder["contact_id"] if holder else None)
