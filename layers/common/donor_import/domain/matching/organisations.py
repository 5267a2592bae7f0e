"""Organisation names as matching compares them: "The Acme Company, Inc." and "ACME Co" are "acme"."""

from functools import lru_cache

from .text import CACHE, fold

LEGAL_FORMS = frozenset({
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "corp", "corporation", "co", "company",
    "gmbh", "ag", "ev", "sa", "sarl", "bv", "nv", "pty", "pc", "pllc",
})


@lru_cache(maxsize=CACHE)
def name(text: str) -> str:
    """Folded, "&" read as "and", without a leading "The" or trailing legal forms; "" when nothing is left."""
    words = fold(text.replace(".", "")).replace("&", " and ").split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words = words[:-1]
    return " ".join(words)
