"""Column mapping: which file header feeds which field, suggested from synonyms and fuzzy matching."""

import hashlib
import re
import unicodedata
from difflib import SequenceMatcher

from .import_types import TypeSpec

Mapping = dict[str, str | None]

# Words that say whose value it is, not what it is: "Donor First" is a first name.
NOISE = {"donor", "contact", "constituent", "supporter", "member", "customer", "primary", "the", "of", "your",
         "des", "der", "die", "du", "de", "spender", "payer", "billing", "home", "personal", "main"}
FUZZY_THRESHOLD = 0.82
# Headers that the error workbook adds; ignored when a corrected workbook comes back.
WORKBOOK_COLUMNS = ("Row in original file", "Reason")


def normalise(header: str) -> str:
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text.replace("e-mail", "email"))
    kept = [word for word in words if word not in NOISE]
    return " ".join(kept or words)


def _score(header: str, synonym: str) -> float:
    if header == synonym:
        return 1.0
    if header.replace(" ", "") == synonym.replace(" ", ""):
        return 0.99
    return SequenceMatcher(None, header, synonym).ratio()


def suggest(headers: list[str], spec: TypeSpec) -> Mapping:
    """Each header's best field; a field goes to one header only, the best-scoring one."""
    candidates = []
    for header in headers:
        if header in WORKBOOK_COLUMNS:
            continue
        key = normalise(header)
        for field in spec.fields:
            score = max(_score(key, normalise(s)) for s in (field.name.replace("_", " "), *field.synonyms))
            if score >= FUZZY_THRESHOLD:
                candidates.append((score, header, field.name))
    mapping: Mapping = dict.fromkeys(headers)
    taken: set[str] = set()
    for _score_value, header, field in sorted(candidates, key=lambda c: -c[0]):
        if mapping[header] is None and field not in taken:
            mapping[header] = field
            taken.add(field)
    return mapping


def mapping_errors(mapping: Mapping, headers: list[str], spec: TypeSpec) -> list[str]:
    """What makes a mapping unusable: unknown headers or fields, a field fed twice."""
    errors = []
    unknown_headers = [h for h in mapping if h not in headers]
    if unknown_headers:
        errors.append(f"the file has no column(s) {', '.join(map(repr, unknown_headers))}")
    unknown_fields = sorted({f for f in mapping.values() if f and spec.field(f) is None})
    if unknown_fields:
        errors.append(f"{spec.name.value} have no field(s) {', '.join(unknown_fields)}")
    used = [f for f in mapping.values() if f]
    twice = sorted({f for f in used if used.count(f) > 1})
    if twice:
        errors.append(f"more than one column is mapped to {', '.join(twice)}")
    return errors


def missing_required(mapping: Mapping, spec: TypeSpec) -> list[str]:
    """Required fields, and groups of which one is required ("first_name or last_name or email"), unmapped."""
    mapped = {f for f in mapping.values() if f}
    missing = [f.name for f in spec.fields if f.required and f.name not in mapped]
    missing += [" or ".join(group) for group in spec.required_any if not mapped.intersection(group)]
    return missing


def compile_mapping(mapping: Mapping, headers: list[str]) -> list[tuple[int, str]]:
    """Column positions and their fields, computed once per file for the hot loop."""
    return [(i, mapping[h]) for i, h in enumerate(headers) if mapping.get(h)]


def pick(columns: list[tuple[int, str]], cells: list[str]) -> dict[str, str]:
    """The row as {field: cell text}, for the mapped columns."""
    return {field: cells[i] for i, field in columns}


def carry_over(saved: Mapping, headers: list[str]) -> Mapping:
    """A saved mapping applied to headers that match it but for order and case.

    A header saved as it is keeps its field; another takes the field of a saved header with the same words, unless a
    column has it already: "Email" and "E-mail" normalise alike and must not overwrite each other."""
    mapping: Mapping = {header: saved.get(header) for header in headers}
    taken = {field for header, field in mapping.items() if field and header in saved}
    by_name: Mapping = {}
    for header, field in saved.items():
        if field:
            by_name.setdefault(normalise(header), field)
    for header in headers:
        field = by_name.get(normalise(header))
        if header not in saved and field and field not in taken:
            mapping[header] = field
            taken.add(field)
    return mapping


def headers_signature(headers: list[str]) -> str:
    """The same headers, whatever their order and case, give the same signature (for saved mappings)."""
    names = sorted(normalise(h) for h in headers if h not in WORKBOOK_COLUMNS)
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()[:32]
