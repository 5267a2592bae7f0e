"""The suggestion test set: real export headers with their first rows and the field a person expects for each
column (cases/*.json, each naming the repository and path it was taken from), and how a suggester scores on it."""

import inspect
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from donor_import.domain.import_types import type_spec

CASES = Path(__file__).parent / "cases"


@dataclass(frozen=True)
class Case:
    name: str
    source: dict
    import_type: str
    headers: list[str]
    rows: list[list[str]]
    expected: dict[str, str | list | None]  # a field, several acceptable answers (a list, None among them), or None

    def accepts(self, header: str, field: str | None) -> bool:
        wanted = self.expected[header]
        return field in wanted if isinstance(wanted, list) else field == wanted


def cases() -> list[Case]:
    return [Case(name=path.stem, **{k: v for k, v in json.loads(path.read_text()).items() if k != "note"})
            for path in sorted(CASES.glob("*.json"))]


def verdict(case: Case, header: str, field: str | None) -> str:
    """right; wrong (a field the column is not); missed (nothing, where a field was expected)."""
    if case.accepts(header, field):
        return "right"
    return "wrong" if field is not None else "missed"


def score(suggest) -> tuple[Counter, list[str]]:
    """The verdicts over every column of every case, and a line for each column not right."""
    takes_sample = "sample" in inspect.signature(suggest).parameters
    counts, lines = Counter(), []
    for case in cases():
        spec = type_spec(case.import_type)
        mapping = suggest(case.headers, spec, sample=case.rows) if takes_sample else suggest(case.headers, spec)
        for header in case.headers:
            found = verdict(case, header, mapping.get(header))
            counts[found] += 1
            if found != "right":
                lines.append(f"{found:6} {case.name}: {header!r} -> {mapping.get(header)} "
                             f"(expected {case.expected[header]})")
    return counts, lines


def shares(counts: Counter) -> dict[str, float]:
    total = sum(counts.values())
    return {kind: counts[kind] / total for kind in ("right", "wrong", "missed")}
