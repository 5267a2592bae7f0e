"""A whole address in one cell split into its parts. Mailchimp exports its Address field with the parts apart by
double spaces ("1 Main St  Apt 2  Springfield  IL  62704  US"), read from the end; another US address
("123 Main St, Springfield, IL 62704") is tagged by usaddress (a model trained on US addresses), and taken only
when it finds a street, a city and a US state; anything else is kept whole as the street line."""

import re
from dataclasses import dataclass, fields
from functools import lru_cache

import usaddress

from .places import is_country, is_us_state

# The usual US form, read without the model (usaddress costs ~0.5 ms a cell): "street[ unit], city, ST 12345[, US]".
US_COMMAS = re.compile(r"(?P<street>[^,]+?),\s*(?P<city>[^,]+?),\s*(?P<state>[A-Za-z. ]+?)\s+"
                       r"(?P<zip>\d{5}(?:-\d{4})?)(?:,\s*(?P<country>[^,]+))?")
US_ZIP_END = re.compile(r"\b\d{5}(?:-\d{4})?$")
UNIT = re.compile(r"\s+((?:apt|apartment|suite|ste|unit|fl|floor|rm|room|bldg)\.?\s+\S+|#\s*\S+)$", re.IGNORECASE)
POSTAL_CODE = re.compile(r"(?=.*\d)[A-Za-z0-9]{2,5}(?:[ -][A-Za-z0-9]{3,4})?")
LINE1 = ("AddressNumberPrefix", "AddressNumber", "AddressNumberSuffix", "StreetNamePreModifier",
         "StreetNamePreDirectional", "StreetNamePreType", "StreetName", "StreetNamePostType",
         "StreetNamePostDirectional", "StreetNamePostModifier", "USPSBoxType", "USPSBoxID", "BuildingName",
         "LandmarkName", "CornerOf", "IntersectionSeparator", "SecondStreetName", "SecondStreetNamePostType")
LINE2 = ("OccupancyType", "OccupancyIdentifier", "SubaddressType", "SubaddressIdentifier", "USPSBoxGroupType",
         "USPSBoxGroupID")


@dataclass(frozen=True)
class AddressParts:
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    def filled(self) -> dict[str, str]:
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name))}


@lru_cache(maxsize=65536)
def split_address(text: str) -> AddressParts:
    value = text.strip()
    return (_double_spaced(value) or _us_commas(value) or _us_address(value)
            or AddressParts(address_line1=value or None))


def _double_spaced(value: str) -> AddressParts | None:
    parts = [part.strip(" ,") for part in re.split(r"\s{2,}", value) if part.strip(" ,")]
    if len(parts) < 3:
        return None
    found: dict[str, str] = {}
    if is_country(parts[-1]):
        found["country"] = parts.pop()
    if parts and POSTAL_CODE.fullmatch(parts[-1]):
        found["postal_code"] = parts.pop()
    if len(parts) >= 3 or (len(parts) == 2 and found):
        found["state"] = parts.pop() if len(parts) >= 3 else None
        found["city"] = parts.pop()
    if not parts or not found:
        return None
    return AddressParts(address_line1=parts[0], address_line2=" ".join(parts[1:]) or None,
                        **{k: v for k, v in found.items() if v})


def _us_commas(value: str) -> AddressParts | None:
    match = US_COMMAS.fullmatch(value)
    if not match or not is_us_state(match["state"]) or (match["country"] and not is_country(match["country"])):
        return None
    street = match["street"].strip()
    unit = UNIT.search(street)
    return AddressParts(address_line1=street[: unit.start()] if unit else street,
                        address_line2=unit.group(1) if unit else None, city=match["city"].strip(),
                        state=match["state"].strip(" ."), postal_code=match["zip"], country=match["country"])


def _us_address(value: str) -> AddressParts | None:
    """usaddress's tags, for a cell that ends as a US address does (a ZIP code, or a state): the model is not
    asked about the others, which it cannot read and which cost as much."""
    last = value.rsplit(maxsplit=1)[-1] if value else ""
    if not (US_ZIP_END.search(value) or is_us_state(last)):
        return None
    try:
        tagged, kind = usaddress.tag(value)
    except usaddress.RepeatedLabelError:
        return None
    city, state = tagged.get("PlaceName"), tagged.get("StateName")
    line1 = " ".join(tagged[label] for label in LINE1 if label in tagged)
    if kind not in ("Street Address", "PO Box") or not (line1 and city and state and is_us_state(state)):
        return None
    line2 = " ".join(tagged[label] for label in LINE2 if label in tagged)
    return AddressParts(address_line1=line1.strip(" ,"), address_line2=line2.strip(" ,") or None,
                        city=city.strip(" ,"), state=state.strip(" ,."),
                        postal_code=tagged.get("ZipCode", "").strip(" ,") or None,
                        country=tagged.get("CountryName", "").strip(" ,.") or None)
