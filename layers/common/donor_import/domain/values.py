"""Parsers for one cell each: a clean value out, or ValueError with a reason a person understands.

Files repeat the same values (dates, phone numbers, emails) many times, so the parsers are cached.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email


class DateOrder(StrEnum):
    DAY_FIRST = "DMY"
    MONTH_FIRST = "MDY"


class AmbiguousDate(ValueError):
    """A date like 03/04/2024 whose column does not say whether the day or the month comes first."""


CACHE = 65536

EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers from 1954 to 2119: a bare number outside that range is not taken for a date.
EXCEL_SERIALS = (20000, 80000)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "januar", "janvier", "enero", "jänner"),
            ("feb", "february", "februar", "fevrier", "février", "febrero"),
            ("mar", "march", "märz", "maerz", "mars", "marzo", "mrz"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juni", "juin", "junio"),
            ("jul", "july", "juli", "juillet", "julio"),
            ("aug", "august", "aout", "août", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "oktober", "okt", "octobre", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "dezember", "dez", "decembre", "décembre", "diciembre"),
        ],
        start=1,
    )
    for name in names
}

# A time after the date, as exports write it: "11:21 AM", "23:21:05.123", "at 11:21", "T11:21:00Z", "+02:00".
CLOCK = r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
ZONE = r"(?:\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?|[A-Z]{3,4}))?"
TIME = rf"(?:T|,?\s+(?:at\s+|@\s*)?){CLOCK}{ZONE}"
TIME_TAIL = re.compile(rf"{TIME}\Z")
ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
NUMERIC = re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{2}}|\d{{4}})(?:{TIME})?")
# "31 March 2024", "31. März 2024", and Excel's d-mmm-yy as a CSV shows it: "31-Mar-24".
LETTERS = r"[^\W\d_]+"  # letters of any alphabet and case: "März", "MÄRZ", "août"
WRITTEN = re.compile(rf"(?:{LETTERS},?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\.?[\s-]+({LETTERS})\.?,?[\s-]+(\d{{4}}|\d{{2}})")
WRITTEN_US = re.compile(rf"(?:{LETTERS},?\s+)?({LETTERS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})")
SERIAL = re.compile(r"\d{5}(?:\.\d+)?")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{original}' is not a real date") from None


def _month(name: str, original: str) -> int:
    month = MONTHS.get(name.lower().rstrip("."))
    if month is None:
        raise ValueError(f"'{original}' is not a date: unknown month '{name}'")
    return month


def numeric_date_order(text: str) -> DateOrder | None:
    """What a d/m/y-shaped value says about its column: day first, month first, or nothing (ambiguous)."""
    match = NUMERIC.fullmatch(text.strip())
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if first > 12 >= second:
        return DateOrder.DAY_FIRST
    if second > 12 >= first:
        return DateOrder.MONTH_FIRST
    return None


def conventional_date_order(text: str) -> DateOrder | None:
    """The order a d/m/y-shaped value's separators imply when its numbers do not: dots are written
    day first (01.02.2024 is the 1st of February in Germany, Switzerland, Russia…); slashes say nothing."""
    match = NUMERIC.fullmatch(text.strip())
    return DateOrder.DAY_FIRST if match and text.strip()[match.end(1)] == "." else None


def is_ambiguous_date(text: str) -> bool:
    match = NUMERIC.fullmatch(text.strip())
    return bool(match) and int(match.group(1)) <= 12 and int(match.group(2)) <= 12 and (
        match.group(1) != match.group(2)
    )


def parse_date(text: str, order: DateOrder | None = None) -> date:
    """The day a cell names. A time after it is read and dropped: a gift's date is its day, as written in the
    file (2019-05-11T23:30:00-05:00 is the 11th, not converted to UTC). The day part is what is cached, so a
    column of distinct moments costs one regex a cell beyond the cache's hit."""
    value = text.strip()
    if ":" not in value:
        return _parse_day(value, order)
    timed = TIME_TAIL.search(value)
    if timed is None or timed.start() == 0:
        raise ValueError(f"'{value}' is not a date in a known format")
    try:
        return _parse_day(value[: timed.start()], order)
    except ValueError as error:
        raise type(error)(str(error).replace(f"'{value[: timed.start()]}'", f"'{value}'", 1)) from None


@lru_cache(maxsize=CACHE)
def _parse_day(value: str, order: DateOrder | None) -> date:
    if match := ISO.fullmatch(value):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), value)
    if match := NUMERIC.fullmatch(value):
        first, second, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
        if first == second:
            return _make(year, first, first, value)
        if first > 12 and second > 12:  # neither can be the month: impossible, not ambiguous
            raise ValueError(f"'{value}' is not a real date")
        seen = order or numeric_date_order(value) or conventional_date_order(value)
        if seen is None:
            raise AmbiguousDate(
                f"'{value}' is ambiguous: day-first and month-first give different dates; "
                "set the column's date order"
            )
        day, month = (first, second) if seen is DateOrder.DAY_FIRST else (second, first)
        return _make(year, month, day, value)
    if match := WRITTEN.fullmatch(value):
        return _make(_year(match.group(3)), _month(match.group(2), value), int(match.group(1)), value)
    if match := WRITTEN_US.fullmatch(value):
        return _make(int(match.group(3)), _month(match.group(1), value), int(match.group(2)), value)
    if SERIAL.fullmatch(value) and EXCEL_SERIALS[0] <= float(value) <= EXCEL_SERIALS[1]:
        return EXCEL_EPOCH + timedelta(days=int(float(value)))
    raise ValueError(f"'{value}' is not a date in a known format")


# A currency code counts only at either end ("EUR 99", "99 usd"): letters inside ("12abc34") are not an amount.
AMOUNT_NOISE = re.compile(r"[\s\u00a0\u202f'’$€£¥₹]|^[A-Z]{3}|[A-Z]{3}$|CHF|Fr\.|kr|zł", re.IGNORECASE)


@lru_cache(maxsize=CACHE)
def parse_amount(text: str) -> Decimal:
    value = text.strip()
    core = AMOUNT_NOISE.sub("", value)  # the sign is read after the currency: "$-5" and "$(12.00)" are negative
    negative = core.startswith("-") or core.endswith("-") or (core.startswith("(") and core.endswith(")"))
    digits = core.strip("()-+")
    if not digits or not re.fullmatch(r"[\d.,]+", digits):
        raise ValueError(f"'{value}' is not an amount")
    amount = _decimal(digits, value)
    if negative or amount <= 0:
        raise ValueError(f"'{value}' is not a positive amount")
    return amount


def _decimal(digits: str, original: str) -> Decimal:
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal_mark = "." if digits.rfind(".") > digits.rfind(",") else ","
    elif dots + commas == 0:
        decimal_mark = None
    else:
        mark = "." if dots else ","
        # One mark followed by exactly three digits is a thousands separator (1,234 or 1.234).
        whole, _, tail = digits.rpartition(mark)
        decimal_mark = None if (dots + commas > 1 or (len(tail) == 3 and whole != "0")) else mark
    if decimal_mark:
        thousands = "," if decimal_mark == "." else "."
        whole, _, fraction = digits.rpartition(decimal_mark)
        digits = whole.replace(thousands, "") + "." + fraction
        if "," in whole.replace(thousands, "") or "." in fraction:
            raise ValueError(f"'{original}' is not an amount")
    else:
        digits = digits.replace(",", "").replace(".", "")
    try:
        return Decimal(digits).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"'{original}' is not an amount") from None


@lru_cache(maxsize=CACHE)
def parse_phone(text: str, region: str = "US") -> str:
    value = text.strip()
    number = _north_american(value, region) or _parsed_phone(value, region)
    # Valid for the file's region first: one region's patterns, where is_valid_number tries each region of the
    # country code (25 for +1) to find the number's own.
    if not (phonenumbers.is_valid_number_for_region(number, region) or phonenumbers.is_valid_number(number)):
        raise ValueError(f"'{value}' is not a valid phone number for region {region}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parsed_phone(value: str, region: str) -> phonenumbers.PhoneNumber:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValueError(f"'{value}' is not a phone number") from None
    code = _country_code(region)
    if code and value.isdigit() and value.startswith(str(code)):
        # A spreadsheet that kept +4915112345678 as a number dropped the '+': read it as international first,
        # or the country code is doubled (+494915112345678 passes as a German number).
        number = _international(value) or number
    return number


# Ten digits as North American files write them, grouped 3-3-4 by spaces, dots or hyphens or with the area code in
# parentheses, perhaps after "+1" or "1"; area code and exchange start with 2-9, so the library strips no prefix.
NORTH_AMERICAN = re.compile(r"(?:\+?1[ .-]?)?(?:\(([2-9]\d\d)\) ?|([2-9]\d\d)[ .-]?)([2-9]\d\d)[ .-]?(\d{4})")


def _north_american(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    """_parsed_phone's number for the common North American forms in a region of +1, without the library's general
    parser (33 µs of a phone's 55; a hypothesis test proves the numbers equal); None for any other value."""
    if _country_code(region) != 1 or not (match := NORTH_AMERICAN.fullmatch(value)):
        return None
    area, exchange, line = match.group(1) or match.group(2), match.group(3), match.group(4)
    return phonenumbers.PhoneNumber(country_code=1, national_number=int(area + exchange + line))


@lru_cache(maxsize=256)
def _country_code(region: str) -> int:
    return phonenumbers.country_code_for_region(region)


def _international(digits: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


# A plain local part (RFC 5322 dot-atom, ASCII): email-validator accepts it and keeps it as it is.
ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
PLAIN_LOCAL = re.compile(rf"{ATEXT}(?:\.{ATEXT})*")
MAX_EMAIL = 254


@lru_cache(maxsize=CACHE)
def parse_email(text: str) -> str:
    value = text.strip()
    try:
        return _plain_email(value) or validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"'{value}' is not a valid email address: {error}") from None


def _plain_email(value: str) -> str | None:
    """email-validator's answer for a plain ASCII address, with its domain checked once per domain: a file's
    emails share a few domains, and the domain is most of the library's time (57 µs an address, 2.6 µs so).
    None for anything else, which the library checks whole (and words its refusal)."""
    local, at, domain = value.rpartition("@")
    if not (at and domain.isascii() and PLAIN_LOCAL.fullmatch(local)):
        return None
    try:
        address = f"{local}@{_email_domain(domain)}"
    except EmailNotValidError:
        return None
    return address if len(address) <= MAX_EMAIL else None


@lru_cache(maxsize=4096)
def _email_domain(domain: str) -> str:
    return validate_email(f"a@{domain}", check_deliverability=False).domain


def parse_integer(text: str) -> int:
    value = text.strip()
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        raise ValueError(f"'{value}' is not a whole number") from None
    if not number.is_integer() or number < 0:
        raise ValueError(f"'{value}' is not a whole number")
    return int(number)


def _choices(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {synonym: name for name, synonyms in table.items() for synonym in (name, *synonyms)}


FREQUENCIES = _choices({
    "once": ("one time", "one-time", "single", "einmalig"),
    "weekly": ("every week", "week", "wöchentlich"),
    "biweekly": ("bi-weekly", "fortnightly", "every two weeks", "every other week", "zweiwöchentlich"),
    "monthly": ("every month", "month", "monatlich", "mensuel", "mensual"),
    "quarterly": ("every quarter", "quarter", "vierteljährlich", "quartalsweise", "trimestriel"),
    "semiannual": ("semi-annual", "semi-annually", "semiannually", "twice a year", "halbjährlich",
                   "biannual"),
    "annual": ("annually", "yearly", "every year", "year", "jährlich", "annuel", "anual"),
})

INTERACTION_TYPES = _choices({
    "call": ("phone", "phone call", "telephone", "anruf", "telefonat", "call made", "outbound call",
             "inbound call", "telephone call", "phone conversation"),
    "email": ("e-mail", "mail", "email sent", "email received", "newsletter"),
    "meeting": ("meet", "in person", "treffen", "besprechung", "lunch", "coffee", "face to face", "face-to-face",
                "appointment", "zoom call", "zoom", "video call", "virtual", "virtual meeting", "teams call",
                "in-person", "in person meeting"),
    "event": ("gala", "dinner", "webinar", "veranstaltung", "attended event", "attendance", "attended",
              "event attendance", "fundraiser", "reception", "tour"),
    "letter": ("mail letter", "post", "brief", "card", "thank you letter"),
    "visit": ("site visit", "home visit", "besuch"),
    "note": ("comment", "notiz", "other"),
})


PAYMENT_METHODS = _choices({
    "card": ("credit card", "debit card", "credit", "visa", "mastercard", "amex", "american express", "cc",
             "karte", "kreditkarte", "carte", "tarjeta"),
    "cash": ("bar", "barzahlung", "especes", "espèces", "efectivo"),
    "check": ("cheque", "chq", "chk", "scheck"),
    "bank transfer": ("transfer", "wire", "wire transfer", "eft", "ach", "direct debit", "bacs", "sepa",
                      "überweisung", "ueberweisung", "lastschrift", "virement", "transferencia"),
    "online": ("web", "website", "online donation", "paypal", "stripe", "givewp"),
    "in kind": ("in-kind", "gift in kind", "sachspende"),
})


def parse_choice(text: str, table: dict[str, str], what: str) -> str:
    value = text.strip()
    choice = table.get(value.lower())
    if choice is None:
        known = ", ".join(sorted(set(table.values())))
        raise ValueError(f"'{value}' is not a known {what} ({known})")
    return choice


def parse_known(text: str, table: dict[str, str]) -> str:
    """The canonical value of a synonym; a value the table does not know, as the file writes it."""
    value = text.strip()
    return table.get(value.lower(), value)


def parse_tags(text: str) -> list[str]:
    return sorted({tag.strip() for tag in re.split(r"[,;|]", text) if tag.strip()})


def excel_cell_text(value) -> str:
    """A spreadsheet cell as the text a person sees: whole numbers without '.0', dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)
