"""A batch's decisions as a value: for each valid row, the person it names, the contact it goes to and the
decision that chose it; with the holders and profiles the decisions were made on, and the rows validation
rejected. A plan serialises to JSON (to_dict / from_dict), so it can be stored and applied later."""

import dataclasses
from dataclasses import dataclass

from ..domain.matching.decisions import Candidate, Conflict, Create, Decision, Match, PossibleDuplicate
from ..domain.matching.keys import MatchKey
from ..domain.matching.rules import MatchRule, UpdateMode
from ..domain.matching.similarity import Score
from ..domain.outcomes import RejectedRow
from ..domain.soft_fields import RowWarning

TYPES = {cls.__name__: cls for cls in (Create, Match, PossibleDuplicate, Conflict, Candidate, Score, RejectedRow,
                                        RowWarning)}


@dataclass(frozen=True)
class PlannedRow:
    number: int
    cells: list[str]
    record: dict  # the validated row
    contact_id: str | None  # None when the decision is a conflict
    decision: Decision
    warnings: tuple[RowWarning, ...] = ()  # the values the row is imported without


@dataclass(frozen=True)
class BatchPlan:
    import_id: str
    rule: MatchRule
    mode: UpdateMode
    holders: dict[MatchKey, str]  # the keys held when the batch was decided, by another batch or import
    profiles: dict[str, dict]  # the stored profiles of the candidates scored
    rows: tuple[PlannedRow, ...]
    rejected: tuple[RejectedRow, ...] = ()

    def to_dict(self) -> dict:
        return {"import_id": self.import_id, "rule": self.rule.value, "mode": self.mode.value,
                "holders": {key.text(): contact for key, contact in self.holders.items()},
                "profiles": self.profiles, "rejected": [_encode(row) for row in self.rejected],
                "rows": [{"number": r.number, "cells": r.cells, "record": r.record, "contact_id": r.contact_id,
                          "decision": _encode(r.decision), "warnings": _encode(r.warnings)} for r in self.rows]}

    @classmethod
    def from_dict(cls, data: dict) -> "BatchPlan":
        rows = tuple(PlannedRow(r["number"], r["cells"], r["record"], r["contact_id"], _decode(r["decision"]),
                                tuple(_decode(r.get("warnings") or [])))
                     for r in data["rows"])
        return cls(data["import_id"], MatchRule(data["rule"]), UpdateMode(data["mode"]),
                   {_key(text): contact for text, contact in data["holders"].items()}, data["profiles"], rows,
                   tuple(_decode(row) for row in data["rejected"]))


def _key(text: str) -> MatchKey:
    kind, value = text.split(":", 1)
    return MatchKey(kind, value)


def _encode(value):
    """Dataclasses tagged with their type, match keys as their text, tuples as lists."""
    if isinstance(value, MatchKey):
        return {"__key": value.text()}
    if dataclasses.is_dataclass(value):
        return {"__type": type(value).__name__,
                **{f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(value, as_tuple: bool = False):
    """_encode undone: a dataclass's list fields back to tuples (but a row's cells, a list), a plain dict's lists
    kept lists. A field a plan stored by an earlier version lacks takes its default."""
    if isinstance(value, dict) and "__key" in value:
        return _key(value["__key"])
    if isinstance(value, dict) and "__type" in value:
        cls = TYPES[value["__type"]]
        return cls(**{f.name: _decode(value[f.name], as_tuple=f.name != "cells") for f in dataclasses.fields(cls)
                      if f.name in value})
    if isinstance(value, list):
        items = [_decode(v, as_tuple) for v in value]
        return tuple(items) if as_tuple else items
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    return value
