"""How alike a row and a stored contact are: a similarity per field both carry, weighed into one score.

Each field's similarity (0..1) counts for it above the field's `agrees` level and against it below `lo`
(linearly between), with the field's weights: a clear agreement adds `plus`, a clear disagreement takes `minus`.
The sum, less BIAS, goes through the logistic function: the score. Same name, street and postal code is ~0.99;
same name and postal code alone is a possible duplicate (common names share postal codes); a different unit,
generation (Jr/Sr) or external id outweighs a whole name.
"""

import math
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from . import addresses, features, names
from .features import Features

AUTO_MATCH = 0.9
POSSIBLE = 0.6
BIAS = 5.0


@dataclass(frozen=True)
class Weight:
    plus: float
    minus: float
    lo: float = 0.0  # at or below: the whole `minus`
    agrees: float = 1.0  # at or above: the whole `plus`

    def of(self, similarity: float) -> float:
        if similarity >= self.agrees:
            return self.plus
        if similarity <= self.lo:
            return -self.minus
        share = (similarity - self.lo) / (self.agrees - self.lo)
        return -self.minus + share * (self.plus + self.minus)


WEIGHTS = {
    "given": Weight(3.0, 4.0, lo=0.75),
    "family": Weight(3.0, 4.0, lo=0.8),
    "generation": Weight(0.0, 6.0),
    "organization": Weight(8.0, 5.0, lo=0.7),
    "street": Weight(3.0, 3.0, lo=0.8),
    "unit": Weight(0.5, 6.0),
    "postal": Weight(1.0, 4.0),  # the same street line in another town is another address
    "city": Weight(0.5, 0.5, lo=0.8),
    "email": Weight(4.0, 1.5),
    "phone": Weight(3.0, 1.0),
    "external_id": Weight(2.0, 6.0),
}


@dataclass(frozen=True)
class Score:
    value: float
    parts: tuple[tuple[str, float], ...]  # (field, similarity), e.g. ("given", 0.95)


def _same(a: str, b: str) -> float:
    return 1.0 if a == b else 0.0


def _name_parts(a: Features, b: Features) -> list[tuple[str, float]]:
    if a.organization:
        both = a.organisation and b.organisation
        return [("organization", fuzz.token_sort_ratio(a.organisation, b.organisation) / 100)] if both else []
    if not (a.name and b.name):
        return []
    parts = []
    if a.name.given and b.name.given:
        parts.append(("given", names.givens_similarity(a.name.given, b.name.given)))
    if a.name.family and b.name.family:
        parts.append(("family", names.family_similarity(a.name.family, b.name.family)))
    if a.name.generation and b.name.generation:
        parts.append(("generation", _same(a.name.generation, b.name.generation)))
    return parts


def _street_parts(a: addresses.Street | None, b: addresses.Street | None) -> list[tuple[str, float]]:
    if not (a and b):
        return []
    line = JaroWinkler.similarity(a.words, b.words) if a.number == b.number else 0.0
    parts = [("street", line)]
    if a.unit and b.unit:
        parts.append(("unit", _same(a.unit, b.unit)))
    return parts


def _both(name: str, a: str, b: str, compare=_same) -> list[tuple[str, float]]:
    return [(name, compare(a, b))] if a and b else []


def parts(a: Features, b: Features) -> tuple[tuple[str, float], ...]:
    found = _name_parts(a, b) + _street_parts(a.street, b.street)
    found += _both("postal", a.postal, b.postal)
    found += _both("city", a.city, b.city, JaroWinkler.similarity)
    found += _both("email", a.email, b.email)
    found += _both("phone", a.phone, b.phone)
    found += _both("external_id", a.external_id, b.external_id)
    return tuple((name, round(similarity, 3)) for name, similarity in found)


def score(person: dict, contact: dict) -> Score:
    found = parts(features.of(person), features.of(contact))
    total = sum(WEIGHTS[name].of(similarity) for name, similarity in found)
    return Score(round(1 / (1 + math.exp(BIAS - total)), 4), found)
