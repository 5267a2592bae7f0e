"""A person's name as matching compares it: given names and a family name, folded, without titles or suffixes.

Names are split with plain rules (fast: most rows are "Ada" + "Lovelace"); `nameparser` reads the rest — a comma
("Lovelace, Ada") in a name field. Titles and suffixes are nameparser's lists. A joint name ("Ann & Bo Lee",
"Ann and Bo Lee") is one household: its given names are kept as a set, in neither order.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName
from nameparser.config import CONSTANTS
from nicknames import NickNamer
from rapidfuzz.distance import JaroWinkler

from .text import CACHE, fold

GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "2nd", "3rd"})
JOINERS = re.compile(r"\s*(?:&|\+|\band\b)\s*")
NICKNAMES = NickNamer()
INITIAL = 0.92  # "A." against "Ada": agrees, but says less than a whole name
NICKNAME = 0.95  # "Bob" against "Robert"
CONTRADICTION = 0.85  # given names less alike than this (and not nicknames or initials) are different people


@dataclass(frozen=True)
class Name:
    given: tuple[str, ...]  # sorted; the first given name of each person of a joint name; () when unknown
    family: str  # "" when unknown; words joined: "Smith-Jones" and "Smith Jones" are "smithjones"
    generation: str = ""  # "jr", "sr", "iii"… (other suffixes, PhD or MD, are dropped)

    @property
    def given_key(self) -> str:
        return "&".join(self.given)


def _is_title(word: str) -> bool:
    return word in CONSTANTS.titles


def _is_suffix(word: str) -> bool:
    return word in CONSTANTS.suffix_acronyms or word in CONSTANTS.suffix_not_acronyms or word in GENERATIONS


def _givens(words: list[str]) -> tuple[str, ...]:
    """The first given name of each person: "mary ann" -> ("mary",); "ann & bo" -> ("ann", "bo")."""
    parts = [part.split() for part in JOINERS.split(" ".join(words))]
    return tuple(sorted({part[0] for part in parts if part}))


def _strip_titles(words: list[str]) -> list[str]:
    """Leading titles ("Mr. and Mrs. John" -> "john"), keeping the last word whatever it is."""
    while len(words) > 1 and (_is_title(words[0]) or words[0] in ("and", "&", "+")):
        words = words[1:]
    return words


def _strip_suffixes(words: list[str], keep: int = 1) -> tuple[list[str], str]:
    """Trailing suffixes, keeping at least `keep` words."""
    generation = ""
    while len(words) > keep and _is_suffix(words[-1]):
        generation = generation or (words[-1] if words[-1] in GENERATIONS else "")
        words = words[:-1]
    return words, generation


@lru_cache(maxsize=CACHE)
def parse(first: str, last: str) -> Name | None:
    """The name of a row or a stored contact from its first and last name fields; None when it has neither."""
    if "," in first or "," in last:
        return _parsed(f"{first} {last}")
    given, family = fold(first).split(), fold(last).split()
    family, generation = _strip_suffixes(family, keep=0 if len(given) > 1 else 1)
    if not family and len(given) > 1:  # a first name field holding a whole name: "Dr. Ada Lovelace PhD"
        given, more = _strip_suffixes(given)
        generation = generation or more
        given, family = given[:-1], given[-1:]
    given = _strip_titles(given)
    if not given and not family:
        return None
    return Name(_givens(given), "".join(family), generation)


def _parsed(text: str) -> Name | None:
    human = HumanName(text)
    given = fold(f"{human.first} {human.middle}").split()
    suffixes = fold(human.suffix).split()
    generation = next((word for word in suffixes if word in GENERATIONS), "")
    family = "".join(fold(human.last).split())
    return Name(_givens(given), family, generation) if given or family else None



@lru_cache(maxsize=CACHE)
def _related(a: str, b: str) -> bool:
    """Nicknames of one name, either way round, or two nicknames of one name (Bob, Robby)."""
    if b in NICKNAMES.nicknames_of(a) or a in NICKNAMES.nicknames_of(b):
        return True
    return bool(({a} | NICKNAMES.canonicals_of(a)) & ({b} | NICKNAMES.canonicals_of(b)))


@lru_cache(maxsize=CACHE)
def given_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return INITIAL if a[0] == b[0] else 0.0
    if _related(a, b):
        return NICKNAME
    return JaroWinkler.similarity(a, b)


def givens_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How alike two sets of given names are: each name of the smaller set against its best partner; a joint name
    against one person's is less alike than two joint names ("Ann Lee" may be Ann alone)."""
    small, large = sorted((a, b), key=len)
    best = min(max(given_similarity(x, y) for y in large) for x in small)
    return best if len(small) == len(large) else best * 0.9


@lru_cache(maxsize=CACHE)
def family_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a.endswith(b) or b.endswith(a) or a.startswith(b) or b.startswith(a):
        return 0.9  # one half of a double name: "Smith-Jones" against "Jones"
    return JaroWinkler.similarity(a, b)


def contradict(a: Name | None, b: Name | None) -> bool:
    """Clearly two people: given names that are not one name, a nickname or an initial of it (or Jr against Sr).
    A different family name alone is no contradiction (people marry)."""
    if a is None or b is None:
        return False
    if a.generation and b.generation and a.generation != b.generation:
        return True
    return bool(a.given and b.given) and givens_similarity(a.given, b.given) < CONTRADICTION
