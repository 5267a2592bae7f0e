"""Place names a column's values may hold: US states (and territories) and countries, for telling a state column
from a county or city one, and a country column from anything else."""

from functools import lru_cache

from phonenumbers.geodata.locale import LOCALE_DATA

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}
STATE_NAMES = {name.lower(): code for code, name in US_STATES.items()}
# What exports write for a country besides its ISO code and its name in English, German, French or Spanish.
COUNTRY_ALIASES = ("usa", "u.s.", "u.s.a.", "united states of america", "america", "uk", "great britain",
                   "england", "scotland", "wales", "northern ireland", "deutschland", "holland", "the netherlands")
LANGUAGES = ("aa", "en", "de", "fr", "es")  # "aa" is the file's default name, in English


def is_us_state(text: str) -> bool:
    value = text.strip().rstrip(".")
    return value.upper() in US_STATES or value.lower() in STATE_NAMES


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    names = {code.lower() for code in LOCALE_DATA}
    for names_by_language in LOCALE_DATA.values():
        names.update(name.lower() for language in LANGUAGES
                      if not (name := names_by_language.get(language, "*")).startswith("*"))
    return frozenset(names | set(COUNTRY_ALIASES))


def is_country(text: str) -> bool:
    return text.strip().lower() in _country_names()
