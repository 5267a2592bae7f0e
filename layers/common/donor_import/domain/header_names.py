"""How well a header names a field: its words (snake_case, CamelCase and prefixes undone) against the field's
name and synonyms, exact before reordered before contained before fuzzy."""

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from .import_types import FieldSpec, TypeSpec

# Words that say whose value it is, not what it is: "Donor First" is a first name.
NOISE = {"donor", "contact", "constituent", "supporter", "member", "customer", "primary", "the", "of", "your",
         "des", "der", "die", "du", "de", "spender", "payer", "billing", "home", "personal", "main", "player",
         "contributor", "giver", "patron", "subscriber", "mailing", "s"}
# Words that say the value is someone else's (a relative, a soft credit, an employer) or goes elsewhere.
OTHER_PARTY = {"mum", "mom", "mother", "dad", "father", "spouse", "partner", "sister", "brother", "child",
               "emergency", "soft", "honoree", "tribute", "employer",
               "team", "secondary", "another", "alternate", "other", "recipient", "to", "shipping", "fundraiser",
               "solicitor", "household", "family", "giving"}
ABBREVIATIONS = {"addr": "address", "no": "number", "num": "number", "nbr": "number", "identifier": "id"}
# Headers a fuzzy match would take for another word: "County" is not "Country", nor a state.
NEVER_FUZZY = {"county", "count"}
# Words that suggest a field only when the column's values are of its kind ("Type" holding Cash / Check).
HINTS = {"payment_method": ("type", "method", "tender", "channel"), "fund": ("program", "purpose", "designation"),
         "frequency": ("period", "unit")}
FUZZY_THRESHOLD = 0.82  # the least ratio of a fuzzy match (a typo), scored 0.75-0.8: below any match of words
EXACT, SYNONYM, REORDERED = 1.0, 0.99, 0.97
WEAK = 0.85  # a hint word, or a one-word synonym inside a longer header: enough only with the values' support

CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@lru_cache(maxsize=4096)
def header_words(header: str) -> tuple[str, ...]:
    """The words of a header in lower case, ASCII: "DonorFirstName" and "donor_first_name" are donor first name."""
    spaced = CAMEL.sub(" ", header)
    text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text.replace("e-mail", "email"))
    return tuple(ABBREVIATIONS.get(word, word) for word in words)


def _kept(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word for word in words if word not in NOISE) or words


@lru_cache(maxsize=64)
def _vocabularies(spec: TypeSpec) -> dict[str, frozenset[str]]:
    return {f.name: frozenset(w for s in _names(f) for w in header_words(s)) | set(HINTS.get(f.name, ()))
            for f in spec.fields}


def _names(field: FieldSpec) -> tuple[str, ...]:
    return (field.name.replace("_", " "), *field.synonyms)


def _digits(words: tuple[str, ...]) -> set[str]:
    return {"".join(c for c in word if c.isdigit()) for word in words} - {""}


def _against(kept: tuple[str, ...], synonym: tuple[str, ...]) -> float:
    if kept == synonym:
        return SYNONYM
    if sorted(kept) == sorted(synonym):
        return REORDERED
    if len(synonym) >= 2 and set(synonym) < set(kept):
        return 0.9 + 0.05 * len(synonym) / len(kept)
    if len(synonym) == 1 and synonym[0] in kept:
        return WEAK
    joined = " ".join(kept)
    if joined in NEVER_FUZZY or (_digits(kept) and _digits(synonym) and _digits(kept) != _digits(synonym)):
        return 0.0
    matcher = SequenceMatcher(None, joined, " ".join(synonym))
    # The quick upper bounds first: most pairs are far apart, and ratio() is the costly one.
    if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
        return 0.0
    ratio = matcher.ratio()
    return 0.5 + 0.3 * ratio if ratio >= FUZZY_THRESHOLD else 0.0


def name_score(header: str, field: FieldSpec, spec: TypeSpec) -> float:
    """1.0 for the field's own name; 0.99 a synonym; 0.97 the same words reordered; ~0.9 a synonym of several
    words inside the header; 0.85 (WEAK) a hint or one-word synonym inside it; 0.75-0.8 a fuzzy match (a typo);
    0 when the header is about someone else, or holds a word that names another field and not this one."""
    words = header_words(header)
    if OTHER_PARTY.intersection(words):
        return 0.0
    kept = _kept(words)
    if kept == header_words(field.name.replace("_", " ")):
        return EXACT
    score = max(_against(kept, header_words(name)) for name in _names(field))
    if score < SYNONYM and any(word in HINTS.get(field.name, ()) for word in kept):
        score = max(score, WEAK)
    if score >= SYNONYM:
        return score
    vocabularies = _vocabularies(spec)
    own = vocabularies[field.name]
    others = set().union(*(v for name, v in vocabularies.items() if name != field.name))
    return 0.0 if any(word in others and word not in own for word in kept) else score
