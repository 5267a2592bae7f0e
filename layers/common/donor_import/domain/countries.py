"""Countries as files write them ("Australia", "AU", "Deutschland", "USA") read as ISO 3166 alpha-2 codes, and
the date order each usually writes. The names come with phonenumbers (its geocoder's names of each region, in the
languages it knows), so no other list is kept here but the common abbreviations it lacks."""

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from phonenumbers.geodata.locale import LOCALE_DATA

from .values import DateOrder

REGIONS = frozenset(phonenumbers.SUPPORTED_REGIONS)
ALIASES = {
    "usa": "US", "u s": "US", "u s a": "US", "united states of america": "US", "america": "US",
    "uk": "GB", "u k": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "holland": "NL", "the netherlands": "NL", "deutschland": "DE",
    "south korea": "KR", "korea": "KR", "russia": "RU", "czech republic": "CZ", "uae": "AE",
}
# Where dates are usually written month first; everywhere else day first (or year first, which is never ambiguous).
MONTH_FIRST = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "FM", "MH", "PW", "PH"})


def _key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z]+", plain))


def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for region, by_language in LOCALE_DATA.items():
        if region not in REGIONS:
            continue
        for name in by_language.values():
            if name.startswith("*"):
                name = by_language[name[1:]]
            names.setdefault(_key(name), region)
    return names


NAMES = {**_names(), **ALIASES}


@lru_cache(maxsize=4096)
def region_of(text: str) -> str:
    """The ISO alpha-2 code of a country as a file writes it; ValueError when it names no country."""
    value = text.strip()
    if value.upper() in REGIONS:
        return value.upper()
    region = NAMES.get(_key(value))
    if region is None:
        raise ValueError(f"'{value}' is not a country known here (a name or an ISO code such as AU)")
    return region


def is_region(code: str) -> bool:
    return code.upper() in REGIONS


def usual_date_order(region: str) -> DateOrder:
    return DateOrder.MONTH_FIRST if region.upper() in MONTH_FIRST else DateOrder.DAY_FIRST
