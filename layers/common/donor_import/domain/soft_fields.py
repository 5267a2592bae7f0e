"""The fields a row does not need (phone, country, postal code): a bad value there is a warning, and the row is
imported without it, unless the organisation made that field's warnings errors.

The phone's region is the row's country when it names one, else the file's or the organisation's region, else
US. A postal code is checked against its country's form only when the row names its country (a US file or
organisation has donors abroad: "SW1A 2AA" is no US ZIP, yet a good postcode); without one, any short code of
letters, digits, spaces and hyphens passes."""

import re
from dataclasses import asdict, dataclass

from .countries import region_of
from .values import parse_phone

SOFT_FIELDS = ("phone", "country", "postal_code")
FALLBACK_REGION = "US"

POSTAL_CODES = {
    "US": r"\d{4,5}(?:-?\d{4})?",  # 4 digits: a spreadsheet dropped the leading zero of 02134
    "CA": r"[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d",
    "GB": r"[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}",
    "AU": r"\d{4}", "NZ": r"\d{4}", "AT": r"\d{4}", "CH": r"\d{4}", "BE": r"\d{4}", "DK": r"\d{4}", "NO": r"\d{4}",
    "DE": r"\d{5}", "FR": r"\d{5}", "ES": r"\d{5}", "IT": r"\d{5}",
    "NL": r"\d{4} ?[A-Za-z]{2}", "IE": r"[A-Za-z]\d[\dWw] ?[A-Za-z\d]{4}",
}
ANY_POSTAL_CODE = r"[A-Za-z0-9][A-Za-z0-9 -]{1,9}"


@dataclass(frozen=True)
class RowWarning:
    """A value a row was imported without, or read as one nobody saw it read as (imported_as): which field, the
    value as the file has it, and why."""

    field: str
    value: str
    reason: str
    imported_as: str | None = None  # None: the row is imported without the value

    def to_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}


def check_postal_code(text: str, region: str | None) -> str:
    value = text.strip()
    if not re.fullmatch(POSTAL_CODES.get(region or "", ANY_POSTAL_CODE), value):
        where = f" for {region}" if region in POSTAL_CODES else ""
        raise ValueError(f"'{value}' is not a postal code{where}")
    return value


def _known_country(text: str) -> str:
    """The country as the file writes it, once it is known to name one."""
    region_of(text)
    return text


def check_soft_fields(row: dict[str, str], region: str | None) -> tuple[dict[str, str], list[RowWarning]]:
    """The row with the soft fields' bad values left out (the phone in E.164), and a warning for each."""
    kept, warnings = dict(row), []

    def check(name: str, parse) -> str | None:
        text = (row.get(name) or "").strip()
        if not text:
            return None
        try:
            kept[name] = parse(text)
            return kept[name]
        except ValueError as error:
            del kept[name]
            warnings.append(RowWarning(name, text, str(error)))
            return None

    country = check("country", _known_country)
    row_region = region_of(country) if country else None
    check("phone", lambda text: parse_phone(text, row_region or region or FALLBACK_REGION))
    check("postal_code", lambda text: check_postal_code(text, row_region))
    return kept, warnings
