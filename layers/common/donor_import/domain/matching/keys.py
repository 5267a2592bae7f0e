"""The keys a person is found by."""

from dataclasses import dataclass

from .rules import MatchRule


@dataclass(frozen=True, order=True)
class MatchKey:
    kind: str
    value: str

    def text(self) -> str:
        return f"{self.kind}:{self.value}"


MATCHED_ON = {MatchRule.STANDARD: ("external_id", "email", "phone"), MatchRule.EMAIL: ("email",),
              MatchRule.EXTERNAL_ID: ("external_id",), MatchRule.NEVER: ()}


def _key(kind: str, person: dict) -> MatchKey | None:
    value = (person.get(kind) or "").strip()
    if not value:
        return None
    return MatchKey(kind, value.lower() if kind == "email" else value)


def _keys(kinds: tuple[str, ...], person: dict) -> list[MatchKey]:
    return [key for kind in kinds if (key := _key(kind, person))]


def exact_keys(person: dict, rule) -> list[MatchKey]:
    return _keys(MATCHED_ON[MatchRule(rule)], person)


def blocking_keys(person: dict, rule) -> list[MatchKey]:
    return []


def claimable_keys(person: dict, rule) -> list[MatchKey]:
    return _keys(MATCHED_ON[MatchRule.STANDARD], person)
