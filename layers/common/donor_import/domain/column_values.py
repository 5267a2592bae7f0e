"""What a column's sample values say about the field it holds: the share of its values a field could take, and,
for a file without headers, the field the values alone name."""

import re
from collections.abc import Callable

from . import values
from .import_types import FieldSpec, Kind, TypeSpec
from .places import is_country, is_us_state

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[\d\s().\-/]{7,22}(?:\s*(?:x|ext\.?)\s*\d{1,5})?", re.IGNORECASE)
POSTAL_CODE = re.compile(r"(?=.*\d)[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]")
CURRENCY = re.compile(r"[A-Za-z]{3}|[$€£¥₹]")
AMOUNT_LOOK = re.compile(r"[$€£¥₹]|\d[.,]\d{2}$")  # an amount, not a count or an id: a currency or cents
LETTERS = re.compile(r"[^\W\d_]")
# Words of a column that says what kind of donor a row is: not how it was paid.
DONOR_TYPES = {"individual", "organization", "organisation", "foundation", "household", "company", "business",
               "corporation", "corporate", "church", "trust", "government", "family", "person", "org"}
PAYMENT_METHODS = {
    "cash", "check", "cheque", "card", "credit card", "debit card", "credit", "visa", "mastercard", "amex",
    "american express", "discover", "paypal", "stripe", "ach", "eft", "bank transfer", "transfer", "wire",
    "wire transfer", "direct debit", "sepa", "standing order", "online", "in person", "stock", "securities",
    "in-kind", "in kind", "venmo", "zelle", "apple pay", "google pay", "money order", "bacs", "giro",
    "überweisung", "lastschrift", "bar", "dauerauftrag", "virement", "espèces", "efectivo", "tarjeta",
    "transferencia",
}
CONTRADICTED = 0.5  # fewer of the values fit: the column is not this field
SUPPORTED = 0.8  # this many fit a check that only this field's values pass: the values name the field
SAMPLE_CELLS = 50


def _parses(parse: Callable[[str], object]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        try:
            parse(text)
        except ValueError:
            return False
        return True

    return check


def is_email(text: str) -> bool:
    return bool(EMAIL.fullmatch(text))


def is_date(text: str) -> bool:
    """A date, in either day/month order: an ambiguous one is a date all the same."""
    try:
        values.parse_date(text)
    except values.AmbiguousDate:
        return True
    except ValueError:
        return False
    return True


def is_phone(text: str) -> bool:
    digits = sum(c.isdigit() for c in text)
    return bool(PHONE.fullmatch(text)) and 7 <= digits <= 15 and not is_date(text)


def is_amount(text: str) -> bool:
    return _parses(values.parse_amount)(text)


def _is_text(text: str) -> bool:
    """Words, not an email, a date or a bare number."""
    return bool(LETTERS.search(text)) and not is_email(text) and not is_date(text)


def _is_payment_method(text: str) -> bool:
    return text.lower() not in DONOR_TYPES and _is_text(text)


def _is_small_count(text: str) -> bool:
    return _parses(values.parse_integer)(text) and values.parse_integer(text) < 1000


CHECKS: dict[Kind, Callable[[str], bool]] = {
    Kind.EMAIL: is_email,
    Kind.PHONE: is_phone,
    Kind.DATE: is_date,
    Kind.AMOUNT: is_amount,
    Kind.INTEGER: _is_small_count,
    Kind.FREQUENCY: _parses(lambda text: values.parse_choice(text, values.FREQUENCIES, "frequency")),
    Kind.INTERACTION_TYPE: _parses(lambda text: values.parse_choice(text, values.INTERACTION_TYPES, "type")),
    Kind.TAGS: lambda text: not is_email(text),
}
TEXT_CHECKS: dict[str, Callable[[str], bool]] = {
    "first_name": _is_text, "last_name": _is_text, "full_name": _is_text, "city": _is_text,
    "address_line1": _is_text, "address": _is_text,
    "state": lambda text: _is_text(text) and len(text) <= 40,
    "country": is_country,
    "postal_code": lambda text: bool(POSTAL_CODE.fullmatch(text)),
    "currency": lambda text: bool(CURRENCY.fullmatch(text)),
    "payment_method": _is_payment_method,
}
# Checks that only this field's values pass: values that pass them name the field even where the header is vague.
SPECIFIC: dict[str, Callable[[str], bool]] = {
    "country": is_country,
    "state": is_us_state,
    "payment_method": lambda text: text.lower() in PAYMENT_METHODS,
}


def column_cells(sample: list[list[str]], position: int) -> list[str]:
    """The column's non-blank sample values."""
    cells = (row[position].strip() for row in sample[:SAMPLE_CELLS] if position < len(row))
    return [cell for cell in cells if cell]


def _share(check: Callable[[str], bool], cells: list[str]) -> float | None:
    return sum(map(check, cells)) / len(cells) if cells else None


def fit(field: FieldSpec, cells: list[str]) -> float | None:
    """The share of the values the field could hold (None: no values to tell)."""
    check = CHECKS.get(field.kind) or TEXT_CHECKS.get(field.name) or (lambda text: not is_email(text))
    return _share(check, cells)


def supports(field: FieldSpec, cells: list[str]) -> bool:
    """The values are of a kind only this field holds (emails, dates, amounts… or a country, a US state)."""
    specific = SPECIFIC.get(field.name) or (CHECKS.get(field.kind) if field.kind is not Kind.TAGS else None)
    share = _share(specific, cells) if specific else None
    return share is not None and share >= SUPPORTED


def contradicts(field: FieldSpec, cells: list[str]) -> bool:
    share = fit(field, cells)
    return share is not None and share < CONTRADICTED


def named_by_values(cells: list[str], spec: TypeSpec) -> list[str]:
    """For a column with no header: the fields its values name, most specific first (a date column names the
    type's date fields; a column of amounts with cents or a currency its amount)."""
    if not cells:
        return []
    kinds = [(is_email, Kind.EMAIL), (is_date, Kind.DATE), (is_phone, Kind.PHONE)]
    for check, kind in kinds:
        if _share(check, cells) >= SUPPORTED:
            return [f.name for f in spec.fields if f.kind is kind]
    if _share(is_amount, cells) >= SUPPORTED and _share(lambda c: bool(AMOUNT_LOOK.search(c)), cells) >= SUPPORTED:
        return [f.name for f in spec.fields if f.kind is Kind.AMOUNT]
    return [f.name for f in spec.fields if f.name in SPECIFIC and f.name != "payment_method" and supports(f, cells)] + [
        f.name for f in spec.fields if f.kind in (Kind.FREQUENCY, Kind.INTERACTION_TYPE) and supports(f, cells)]
