"""Addresses as matching compares them: a street line's house number, street words and unit, and the postal code.

Street words take USPS's short forms ("Street" -> "st", "Avenue" -> "ave", "North" -> "n"); a unit is what follows
"Apt", "Apartment", "Unit", "Suite", "Flat", "#"…, on either address line: "Apt 4", "#4" and "Unit 4" are unit 4.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import CACHE, fold

SHORT = {
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "road": "rd", "drive": "dr", "boulevard": "blvd",
    "lane": "ln", "court": "ct", "place": "pl", "terrace": "ter", "parkway": "pkwy", "highway": "hwy",
    "circle": "cir", "square": "sq", "crescent": "cres", "close": "cl", "way": "way", "trail": "trl",
    "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne", "northwest": "nw",
    "southeast": "se", "southwest": "sw", "mount": "mt", "saint": "st", "fort": "ft",
}
UNIT_WORDS = frozenset({"apt", "apartment", "unit", "suite", "ste", "flat", "room", "rm", "#", "no"})
FLOOR_WORDS = frozenset({"floor", "fl"})
NUMBER = re.compile(r"\d+[a-z]?")


@dataclass(frozen=True)
class Street:
    number: str  # "12", "12b"; "" when the line has none
    words: str  # "main st"
    unit: str  # "4", "4b"; "" when none

    @property
    def key(self) -> str:
        return " ".join(part for part in (self.number, self.words, f"#{self.unit}" if self.unit else "") if part)


def _tokens(line: str) -> list[str]:
    return fold(line).replace("#", " # ").split()


def _take_unit(words: list[str]) -> tuple[list[str], str]:
    """The words without their unit designator and number, and the unit ("4b" from "apt 4b" or "# 4b")."""
    for i, word in enumerate(words[:-1]):
        if word in UNIT_WORDS and NUMBER.fullmatch(words[i + 1]):
            return words[:i] + words[i + 2:], words[i + 1]
    words = [w for i, w in enumerate(words) if w not in FLOOR_WORDS and not (i and words[i - 1] in FLOOR_WORDS)]
    return words, ""


@lru_cache(maxsize=CACHE)
def street(line1: str, line2: str = "") -> Street | None:
    words, unit = _take_unit(_tokens(line1))
    rest, second_unit = _take_unit(_tokens(line2))
    unit = unit or second_unit or next((w for w in rest if NUMBER.fullmatch(w)), "")
    number = next((w for w in words if NUMBER.fullmatch(w)), "")
    words = [SHORT.get(w, w) for w in words if w != number or not number]
    if words and not number and NUMBER.fullmatch(words[-1]):  # "Main St 12" (house number last, as in Europe)
        number, words = words[-1], words[:-1]
    return Street(number, " ".join(words), unit) if words else None


@lru_cache(maxsize=CACHE)
def postal(code: str) -> str:
    """Upper case without spaces or hyphens; a US ZIP+4 ("02139-4307") is its first five digits."""
    compact = re.sub(r"[\s-]+", "", code).upper()
    return compact[:5] if len(compact) == 9 and compact.isdigit() else compact
