"""A small in-memory world of stored contacts and the keys they hold, for deciding rows against it."""

from dataclasses import dataclass, field

from donor_import.domain.matching.decisions import Create, Decision, Match, PossibleDuplicate, decide, family_keys
from donor_import.domain.matching.keys import MatchKey, claimable_keys, lookup_keys
from donor_import.domain.matching.rules import MatchRule, UpdateMode


@dataclass
class World:
    profiles: dict[str, dict] = field(default_factory=dict)
    holders: dict[MatchKey, str] = field(default_factory=dict)

    def add(self, contact_id: str, **profile) -> "World":
        """A stored contact, holding each of its keys that no one holds yet."""
        self.profiles[contact_id] = profile
        for key in claimable_keys(profile, MatchRule.STANDARD):
            self.holders.setdefault(key, contact_id)
        return self

    def decide(self, rule: MatchRule = MatchRule.STANDARD, mode: UpdateMode = UpdateMode.UPDATE,
               **person) -> Decision:
        """The decision as the write path would get it: the holders of the row's lookup keys and their profiles."""
        held = self._held(lookup_keys(person, rule))
        held |= self._held(family_keys(person, held, self.profiles))
        return decide(person, rule, mode, held, {c: self.profiles[c] for c in set(held.values())})

    def _held(self, keys: list[MatchKey]) -> dict[MatchKey, str]:
        return {key: self.holders[key] for key in keys if key in self.holders}

    def apply(self, decision: Decision, new_id: str) -> str:
        """The contact the row lands on, its keys claimed (as the write path would, when they are still free)."""
        if isinstance(decision, Match):
            self.profiles[decision.contact_id].update(
                {k: v for k, v in decision.changes.items() if k != "tags"})
            keys, contact_id = decision.new_keys, decision.contact_id
        else:
            assert isinstance(decision, Create | PossibleDuplicate), decision
            self.profiles[new_id] = dict(decision.fields)
            keys, contact_id = decision.keys, new_id
        for key in keys:
            self.holders.setdefault(key, contact_id)
        return contact_id


def matched(decision: Decision) -> str | None:
    return decision.contact_id if isinstance(decision, Match) else None


def created(decision: Decision) -> bool:
    return isinstance(decision, Create)
