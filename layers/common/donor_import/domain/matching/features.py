"""A row's or a stored contact's values as matching reads them, normalised once per distinct set of values.

Files and stored contacts repeat the same values, and one row is read several times (its keys, then its decision):
`of` caches the normalised view by the raw values.
"""

from dataclasses import dataclass
from functools import lru_cache

from . import addresses, names, organisations
from .text import ROWS, fold

READ = ("kind", "first_name", "last_name", "organization_name", "address_line1", "address_line2", "postal_code",
        "city", "email", "phone", "external_id")


@dataclass(frozen=True, slots=True)
class Features:
    organization: bool
    name: names.Name | None  # None for an organisation
    organisation: str  # the normalised organisation name; "" for a person
    street: addresses.Street | None
    postal: str
    city: str
    email: str  # trimmed, lower case
    phone: str
    external_id: str  # trimmed


def of(fields: dict) -> Features:
    return from_values(*map(fields.get, READ))


@lru_cache(maxsize=ROWS)
def from_values(*values: str | None) -> Features:
    kind, first, last, organization_name, line1, line2, postal_code, city, email, phone, external_id = (
        value or "" for value in values)
    organization = kind == "organization"
    return Features(
        organization=organization,
        name=None if organization else names.parse(first, last),
        organisation=organisations.name(organization_name) if organization else "",
        street=addresses.street(line1, line2) if line1 else None,
        postal=addresses.postal(postal_code),
        city=fold(city),
        email=email.strip().lower(),
        phone=phone.strip(),
        external_id=external_id.strip(),
    )
