"""Which contact each row of a batch belongs to: decided first, for the whole batch (plan), then applied —
the keys claimed (settle) and the profiles written (profile_writes).

A batch reads the holders of the keys its rows carry (100 keys a BatchGetItem) and the profiles of those
holders, then the keys of a family's shared email or phone qualified by the given name where someone else holds
it; each row is decided in file order against those and the batch's own earlier decisions, so the same person
twice in a batch is one contact. A new contact's keys are claimed all or none; a batch that loses a key to a
parallel one reads the winner and decides again."""

from aws_lambda_powertools import Logger

from ..data.match_keys import KeyClaim
from ..data.stores import Stores
from ..domain.contacts import ProfileWrite, new_contact_id, person_fields
from ..domain.import_options import Options
from ..domain.matching.decisions import Conflict, Create, Decision, Match, PossibleDuplicate, decide, family_keys
from ..domain.matching.keys import MatchKey, lookup_keys
from ..domain.matching.rules import MatchRule, UpdateMode
from ..domain.outcomes import RejectedRow, ValidRow
from .batch_plan import BatchPlan, PlannedRow

logger = Logger(child=True)

ROUNDS = 6  # claims sent again after a loss; each loss teaches the batch a holder, so few are ever needed
CREATED, UPDATED, MATCHED = "created", "updated", "matched"


def plan(stores: Stores, org_id: str, import_id: str, options: Options, valid: list[ValidRow],
         rejected: list[RejectedRow]) -> BatchPlan:
    """The batch decided against what is stored. Keys held by a contact one of this batch's rows creates
    (a redelivery of the batch) are left out, so a redelivered batch decides as its first delivery did."""
    rule, mode = MatchRule(options.match_rule), UpdateMode(options.update_mode)
    persons = [person_fields(row.record) for row in valid]
    own = {new_contact_id(import_id, row.number) for row in valid}
    holders = _holders(stores, org_id, {key for person in persons for key in lookup_keys(person, rule)}, own)
    profiles = _profiles_of(stores, org_id, holders, {})
    if family := {key for person in persons for key in family_keys(person, holders, profiles)}:
        holders |= _holders(stores, org_id, family, own)
        profiles = _profiles_of(stores, org_id, holders, profiles)
    return decided(BatchPlan(import_id, rule, mode, holders, profiles, (), tuple(rejected)), valid)


def _holders(stores: Stores, org_id: str, keys: set[MatchKey], own: set[str]) -> dict[MatchKey, str]:
    """The holders of these keys, but the contacts the batch itself creates."""
    found = stores.crm.holders(org_id, keys) if keys else {}
    return {key: contact for key, contact in found.items() if contact not in own}


def _profiles_of(stores: Stores, org_id: str, holders: dict[MatchKey, str], known: dict[str, dict]) -> dict[str, dict]:
    """The stored profile of every contact holding a key, over those known already. A contact whose profile is
    not written yet (a parallel batch claimed its keys and is about to write it) is an empty profile: nothing
    about it contradicts the row."""
    ids = set(holders.values()) - set(known)
    found = stores.crm.profiles(org_id, ids) if ids else {}
    return {**known, **{contact: found.get(contact, {}) for contact in ids}}


def decided(base: BatchPlan, valid: list[ValidRow] | list[PlannedRow]) -> BatchPlan:
    """Each row decided in file order against the plan's holders and profiles and the rows before it."""
    holders, profiles, rows = dict(base.holders), dict(base.profiles), []
    for row in valid:
        person = person_fields(row.record)
        decision = decide(person, base.rule, base.mode, holders, profiles)
        contact_id = _contact_of(decision, base.import_id, row.number)
        if contact_id:
            holders.update(dict.fromkeys(_claimed(decision), contact_id))
            profiles[contact_id] = _known_after(profiles.get(contact_id, {}), decision)
        rows.append(PlannedRow(row.number, row.cells, row.record, contact_id, decision, row.warnings))
    return BatchPlan(base.import_id, base.rule, base.mode, base.holders, base.profiles, tuple(rows), base.rejected)


def _contact_of(decision: Decision, import_id: str, number: int) -> str | None:
    if isinstance(decision, Match):
        return decision.contact_id
    if isinstance(decision, Conflict):
        return None
    return new_contact_id(import_id, number)


def _creates(decision: Decision) -> bool:
    return isinstance(decision, Create | PossibleDuplicate)


def _created(batch: BatchPlan) -> set[str]:
    """The contacts the batch creates."""
    return {row.contact_id for row in batch.rows if _creates(row.decision)}


def _claimed(decision: Decision) -> tuple[MatchKey, ...]:
    if isinstance(decision, Match):
        return decision.new_keys
    return decision.keys if _creates(decision) else ()


def _known_after(profile: dict, decision: Decision) -> dict:
    given = decision.changes if isinstance(decision, Match) else decision.fields
    tags = sorted({*(profile.get("tags") or ()), *(given.get("tags") or ())})
    return {**profile, **{k: v for k, v in given.items() if k != "tags"}, **({"tags": tags} if tags else {})}


def settle(stores: Stores, org_id: str, batch: BatchPlan) -> BatchPlan:
    """The plan's keys claimed: a new contact's all or none, a matched contact's new ones each on its own. A
    new contact that loses a key is decided again knowing the winner (it, and every row that followed it,
    then match the winner); a matched contact's key held by another contact stays theirs."""
    won: set[KeyClaim] = set()
    for _ in range(ROUNDS):
        claims = [claim for claim in _claims(batch) if claim not in won]
        lost = stores.crm.claim_keys(org_id, claims) if claims else {}
        won.update(claim for i, claim in enumerate(claims) if i not in lost)
        creating = _created(batch)
        taken = {lost[i].key: lost[i].holder for i in lost if claims[i].contact_id in creating}
        if not taken:
            _log_lost_new_keys(batch, [claims[i] for i in lost])
            return batch
        unknown = {key for key, holder in taken.items() if holder is None}
        winners = {**{k: h for k, h in taken.items() if h}, **(stores.crm.holders(org_id, unknown) if unknown else {})}
        profiles = _profiles_of(stores, org_id, winners, batch.profiles)
        batch = decided(BatchPlan(batch.import_id, batch.rule, batch.mode, {**batch.holders, **winners},
                                  profiles, (), batch.rejected), list(batch.rows))
    raise RuntimeError(f"match keys still contested after {ROUNDS} rounds of claims")


def _claims(batch: BatchPlan) -> list[KeyClaim]:
    """A new contact's keys as one claim, with the keys later rows of the batch add to it (a key of a contact
    that loses its claim must not be won for it on its own); each new key of a stored contact a claim of its
    own."""
    creating = _created(batch)
    new: dict[str, dict[MatchKey, None]] = {}
    claims = []
    for row in batch.rows:
        if row.contact_id in creating:
            new.setdefault(row.contact_id, {}).update(dict.fromkeys(_claimed(row.decision)))
        elif isinstance(row.decision, Match):
            claims += [KeyClaim(row.contact_id, (key,)) for key in row.decision.new_keys]
    return [KeyClaim(contact, tuple(keys)) for contact, keys in new.items() if keys] + claims


def _log_lost_new_keys(batch: BatchPlan, lost: list[KeyClaim]) -> None:
    if lost:
        logger.info("new keys of matched contacts held by other contacts",
                    extra={"import_id": batch.import_id, "keys": [claim.keys[0].text() for claim in lost]})


def conflicts(batch: BatchPlan) -> list[RejectedRow]:
    return [RejectedRow(row.number, row.cells, row.decision.rejection)
            for row in batch.rows if isinstance(row.decision, Conflict)]


def profile_writes(batch: BatchPlan, numbers: set[int]) -> tuple[list[ProfileWrite], dict[str, str]]:
    """What the rows written (numbers) write to their contacts' profiles, merged in file order, and
    {contact_id: created | updated | matched}. A contact the batch creates gets every value; one it matches,
    what the update mode allows (set, filled where empty, or nothing: then it is only matched)."""
    created = _created(batch)
    sets: dict[str, dict] = {}
    fills: dict[str, dict] = {}
    tags: dict[str, set] = {}
    for row in batch.rows:
        if row.number not in numbers or row.contact_id is None:
            continue
        given = row.decision.changes if isinstance(row.decision, Match) else row.decision.fields
        contact = row.contact_id
        values = {k: v for k, v in given.items() if k != "tags" and v not in (None, "")}
        if contact in created or batch.mode is UpdateMode.UPDATE:
            sets.setdefault(contact, {}).update(values)
        elif batch.mode is UpdateMode.FILL_EMPTY:
            fills[contact] = {**values, **fills.get(contact, {})}
        if batch.mode is not UpdateMode.KEEP or contact in created:
            tags.setdefault(contact, set()).update(given.get("tags") or ())
    touched = dict.fromkeys((row.contact_id for row in batch.rows if row.number in numbers and row.contact_id), "")
    outcomes = {c: CREATED if c in created else MATCHED if batch.mode is UpdateMode.KEEP else UPDATED for c in touched}
    writes = [ProfileWrite(c, sets.get(c, {}), fills.get(c, {}), frozenset(tags.get(c, ())))
              for c in touched if outcomes[c] != MATCHED]
    return writes, outcomes


def possible_duplicates(batch: BatchPlan, numbers: set[int]) -> list[dict]:
    """The rows written whose new contact may be a contact stored already, with the candidates and scores."""
    return [{"row": row.number, "contact_id": row.contact_id,
             "candidates": [{"contact_id": c.contact_id, "score": c.score.value, "parts": dict(c.score.parts)}
                            for c in row.decision.candidates]}
            for row in batch.rows if row.number in numbers and isinstance(row.decision, PossibleDuplicate)]
