"""Column mapping: which file header feeds which field, suggested from synonyms and fuzzy matching."""

import hashlib
import re
import unicodedata

from .column_values import column_cells, contradicts, named_by_values, supports
from .header_names import WEAK, name_score
from .import_types import TypeSpec

Mapping = dict[str, str | None]

# Headers that the error workbook adds; ignored when a corrected workbook comes back.
WORKBOOK_COLUMNS = ("Row in original file", "Reason")
# Words dropped from a header for its saved-mapping signature (kept as they were: saved mappings are found by it).
NOISE = {"donor", "contact", "constituent", "supporter", "member", "customer", "primary", "the", "of", "your",
         "des", "der", "die", "du", "de", "spender", "payer", "billing", "home", "personal", "main"}
POSITIONAL = re.compile(r"Column \d+")


def normalise(header: str) -> str:
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text.replace("e-mail", "email"))
    kept = [word for word in words if word not in NOISE]
    return " ".join(kept or words)


def suggest(headers: list[str], spec: TypeSpec, sample: list[list[str]] | None = None) -> Mapping:
    """Each header's best field; a field goes to one header only, the best-scoring one.

    A header scores against each field by its words (header_names); the sample's values then rule out a field
    they contradict (a column of emails is no phone), and let a vague header ("Type") name the field they are
    of (Cash / Check). Columns named by position (a file without a header row) are suggested from their values
    alone. Nothing is suggested rather than a guess."""
    sample = sample or []
    positional = bool(headers) and all(POSITIONAL.fullmatch(h) for h in headers)
    candidates = []
    for position, header in enumerate(headers):
        if header in WORKBOOK_COLUMNS:
            continue
        cells = column_cells(sample, position)
        if positional:
            candidates += [(0.5, position, header, name) for name in named_by_values(cells, spec)]
            continue
        for field in spec.fields:
            score = name_score(header, field, spec)
            if score and not contradicts(field, cells) and (score != WEAK or supports(field, cells)):
                candidates.append((score, position, header, field.name))
    mapping: Mapping = dict.fromkeys(headers)
    taken: set[str] = set()
    for _score, _position, header, field in sorted(candidates, key=lambda c: (-c[0], c[1])):
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
