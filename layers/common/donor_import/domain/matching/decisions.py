"""What matching decides for a row, before anything is written: create, match, possible duplicate or conflict.

`decide` is pure: given the holders of the row's keys (`keys.lookup_keys`, then `family_keys`) and the stored
profiles of those holders, the same row gets the same decision, whatever batch it is in. Exact keys come first, in
the rule's order; the holders of a row's exact keys must be one contact, or the row is a conflict. An exact key's
holder whose given name clearly differs (a family's shared email or phone: Ann's smiths@… on a row for Bo) is not
matched: the row's person is created, claiming the qualified key (`email_name`), and listed as a possible duplicate
of the holder. An external id held by a clearly different person (another name, and not the same email) is a
conflict: a source system's id names one person. Without an exact match, the holders of the blocking keys are
scored: the best at AUTO_MATCH or above is matched (ties go to the smaller contact id); any at POSSIBLE or above
makes a possible duplicate.
"""

from dataclasses import dataclass

from . import features, names
from .keys import KeyKind, MatchKey, RowKeys, row_keys
from .profiles import changes, contact_fields
from .rules import MatchRule, UpdateMode
from .similarity import AUTO_MATCH, POSSIBLE, Score, score


@dataclass(frozen=True)
class Candidate:
    contact_id: str
    score: Score


@dataclass(frozen=True)
class Create:
    keys: tuple[MatchKey, ...]
    fields: dict


@dataclass(frozen=True)
class Match:
    contact_id: str
    changes: dict  # what the update mode lets the row change on the contact
    new_keys: tuple[MatchKey, ...]  # keys of the row no contact holds yet
    score: float | None  # None: matched by an exact key


@dataclass(frozen=True)
class PossibleDuplicate:
    """A new contact (with these keys and fields), listed with the contacts it may be."""

    keys: tuple[MatchKey, ...]
    fields: dict
    candidates: tuple[Candidate, ...]  # best first


@dataclass(frozen=True)
class Conflict:
    reason: str
    contact_ids: tuple[str, ...]  # sorted

    @property
    def rejection(self) -> str:
        """The reason of the rejected row, found in a batch or by the file's ledger alike."""
        return f"conflict: {self.reason}"


Decision = Create | Match | PossibleDuplicate | Conflict


def _differs(key: MatchKey, person: dict, profile: dict) -> bool:
    """The holder of an exact key is someone else: another kind of contact, or a clearly different name (for an
    external id: and not the same email)."""
    a, b = features.of(person), features.of(profile)
    if a.organization != b.organization:
        return True
    if not names.contradict(a.name, b.name):
        return False
    return not (key.kind == KeyKind.EXTERNAL_ID and a.email and a.email == b.email)


def _shared(person: dict, keys: RowKeys, holders: dict[MatchKey, str], profiles: dict[str, dict],
            owner: str | None = None) -> list[MatchKey]:
    """The given-name-qualified keys of the row's emails and phones that a clearly different person holds."""
    return [qualified for key, qualified in keys.qualified.items()
            if holders.get(key, owner) != owner and _differs(key, person, profiles[holders[key]])]


def family_keys(person: dict, holders: dict[MatchKey, str], profiles: dict[str, dict]) -> list[MatchKey]:
    """The keys to read after the row's lookup keys (`keys.lookup_keys`) and their holders' profiles: those of
    a family's shared email or phone, which say which of the family the row is."""
    return _shared(person, row_keys(person), holders, profiles)


def _free_keys(person: dict, keys: RowKeys, holders: dict[MatchKey, str], profiles: dict[str, dict],
               owner: str | None) -> tuple[MatchKey, ...]:
    """The keys the row's contact claims: its own keys no one holds, and the qualified key of an email or phone
    that a clearly different person holds."""
    own = keys.claimable
    return tuple(key for key in dict.fromkeys(own + _shared(person, keys, holders, profiles, owner))
                 if key not in holders)


def _conflict(person: dict, held: list[tuple[MatchKey, str]], agreeing: list[str],
              foreign_ids: list[str]) -> Conflict | None:
    if foreign_ids:
        external_id = person["external_id"].strip()
        return Conflict(f"external id {external_id!r} is a different person's (another name and email)",
                        tuple(sorted(set(agreeing + foreign_ids))))
    if len(agreeing) > 1:
        named = "; ".join(f"{key.kind.replace('_', ' ')} {key.value} is contact {contact}'s"
                          for key, contact in held if contact in agreeing)
        return Conflict(f"the row's keys belong to different contacts: {named}", tuple(sorted(agreeing)))
    return None


def _scored(person: dict, ids: list[str], profiles: dict[str, dict]) -> list[Candidate]:
    found = [Candidate(contact_id, score(person, profiles[contact_id])) for contact_id in dict.fromkeys(ids)]
    return sorted(found, key=lambda c: (-c.score.value, c.contact_id))


def decide(person: dict, rule: MatchRule, mode: UpdateMode, holders: dict[MatchKey, str],
           profiles: dict[str, dict]) -> Decision:
    fields, keys = contact_fields(person), row_keys(person)
    if rule is MatchRule.NEVER:
        return Create(_free_keys(person, keys, holders, profiles, None), fields)
    held = [(key, holders[key]) for key in keys.exact(rule) if key in holders]
    agreeing = list(dict.fromkeys(c for key, c in held if not _differs(key, person, profiles[c])))
    differing = [(key, c) for key, c in held if c not in agreeing]
    foreign = [c for key, c in differing if key.kind == KeyKind.EXTERNAL_ID]
    if conflict := _conflict(person, held, agreeing, foreign):
        return conflict
    if agreeing:
        return _match(person, fields, keys, mode, holders, profiles, agreeing[0], None)
    blocked = [holders[key] for key in keys.blocking(rule) if key in holders]
    candidates = _scored(person, blocked, profiles)
    if candidates and candidates[0].score.value >= AUTO_MATCH:
        best = candidates[0]
        return _match(person, fields, keys, mode, holders, profiles, best.contact_id, best.score.value)
    organization = features.of(person).organization
    kin = [c for key, c in differing if features.of(profiles[c]).organization == organization]
    listed = [c for c in candidates if c.score.value >= POSSIBLE] + _scored(person, kin, profiles)
    claims = _free_keys(person, keys, holders, profiles, None)
    if listed:
        unique = {c.contact_id: c for c in reversed(listed)}.values()
        return PossibleDuplicate(claims, fields, tuple(sorted(unique, key=lambda c: (-c.score.value, c.contact_id))))
    return Create(claims, fields)


def _match(person: dict, fields: dict, keys: RowKeys, mode: UpdateMode, holders: dict[MatchKey, str],
           profiles: dict[str, dict], contact_id: str, value: float | None) -> Match:
    return Match(contact_id, changes(profiles[contact_id], fields, mode),
                 _free_keys(person, keys, holders, profiles, contact_id), value)
