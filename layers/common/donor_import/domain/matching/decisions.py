"""What becomes of a row's person: a new contact, a match, a possible duplicate, or a conflict."""

from dataclasses import dataclass

from .keys import MatchKey, claimable_keys, exact_keys
from .rules import UpdateMode
from .similarity import Score


@dataclass(frozen=True)
class Create:
    keys: tuple[MatchKey, ...]
    fields: dict


@dataclass(frozen=True)
class Match:
    contact_id: str
    changes: dict
    new_keys: tuple[MatchKey, ...]
    score: float | None


@dataclass(frozen=True)
class Candidate:
    contact_id: str
    score: Score


@dataclass(frozen=True)
class PossibleDuplicate:
    keys: tuple[MatchKey, ...]
    fields: dict
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class Conflict:
    reason: str
    contact_ids: tuple[str, ...]


Decision = Create | Match | PossibleDuplicate | Conflict


def decide(person: dict, rule, mode, holders: dict[MatchKey, str], profiles: dict[str, dict]) -> Decision:
    held = {key: holders[key] for key in exact_keys(person, rule) if key in holders}
    found = sorted(set(held.values()))
    free = tuple(key for key in claimable_keys(person, rule) if key not in holders)
    if len(found) > 1:
        named = ", ".join(f"{key.kind} {key.value} belongs to contact {contact}" for key, contact in held.items())
        return Conflict(f"this row's keys belong to different contacts: {named}", tuple(found))
    if not found:
        return Create(free, person)
    contact_id = found[0]
    return Match(contact_id, changes(profiles.get(contact_id, {}), person, mode), free, None)


def changes(stored: dict, incoming: dict, mode) -> dict:
    mode = UpdateMode(mode)
    if mode is UpdateMode.KEEP:
        return {}
    given = {k: v for k, v in incoming.items() if k != "tags" and v not in (None, "")}
    if mode is UpdateMode.FILL_EMPTY:
        found = {k: v for k, v in given.items() if stored.get(k) in (None, "")}
    else:
        found = {k: v for k, v in given.items() if stored.get(k) != v}
    tags = set(incoming.get("tags") or ()) - set(stored.get("tags") or ())
    return {**found, "tags": sorted(tags)} if tags else found
