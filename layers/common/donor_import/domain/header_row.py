"""Whether a file's first row is its header or its first record: a row whose cells are values of the kind below
them (emails over emails, dates over dates, numbers over numbers) and none of which is a header word is data."""

from functools import lru_cache

from .column_values import is_amount, is_date, is_email, is_phone
from .header_names import header_words
from .import_types import TYPES

KINDS = (("email", is_email), ("date", is_date), ("phone", is_phone), ("number", is_amount))
TYPED = 0.8  # a column is of a kind when this share of its values below the first row is


@lru_cache(maxsize=1)
def _header_vocabulary() -> frozenset[str]:
    """Every word of every field's name and synonyms, of every import type."""
    return frozenset(word for spec in TYPES.values() for field in spec.fields
                     for name in (field.name.replace("_", " "), *field.synonyms) for word in header_words(name))


def _kind(cells: list[str]) -> str | None:
    filled = [cell.strip() for cell in cells if cell.strip()]
    for name, check in KINDS:
        if filled and sum(map(check, filled)) / len(filled) >= TYPED:
            return name
    return None


def _is_header_word(cell: str) -> bool:
    words = [word for word in header_words(cell) if not word.isdigit()]  # "Address 2" is a header word, "25.00" not
    return bool(words) and all(word in _header_vocabulary() for word in words)


def looks_like_data(first: list[str], below: list[list[str]]) -> bool:
    """The first row is a record: in each column whose values below are of one kind, its cell is of that kind
    too (or blank), at least one such cell is filled, and no cell of it is a header word."""
    if not below or any(_is_header_word(cell) for cell in first if cell.strip()):
        return False
    typed = 0
    for position, cell in enumerate(first):
        kind = _kind([row[position] for row in below if position < len(row)])
        if kind is None or not cell.strip():
            continue
        if _kind([cell]) != kind:
            return False
        typed += 1
    return typed > 0
