"""An organisation's settings: its country, the date order of ambiguous date columns (by default its country's
usual order), its currency, which soft fields' bad values reject a row, its value dictionaries, and its own
campaigns and funds (org_lists). An import
copies what it needs of them (import_options) when its mapping is confirmed: batches never read settings."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .countries import is_region, usual_date_order
from .org_lists import LISTED_FIELDS, MAX_NAMES, Name, duplicate_errors, value_lists
from .soft_fields import SOFT_FIELDS
from .value_lists import dictionary_errors

LEVEL_FIELDS = (*SOFT_FIELDS, *LISTED_FIELDS)


class OrgSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    country: str | None = Field(default=None, description="ISO 3166 alpha-2 code: AU, DE, US…")
    date_order: Literal["DMY", "MDY"] | None = Field(
        default=None, description="For date columns the file leaves ambiguous; by default the country's usual one")
    currency: str | None = Field(default=None, pattern="^[A-Z]{3}$", description="ISO 4217 code: USD, EUR…")
    field_levels: dict[str, Literal["warning", "error"]] = Field(
        default_factory=dict, description="A field the row does not need (phone, country, postal_code) -> whether "
                                          "a bad value there is a warning (the default) or rejects the row")
    dictionaries: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="A fixed-list field -> {value as files write it: the value it means}")
    campaigns: list[Name] = Field(default_factory=list, max_length=MAX_NAMES,
                                  description="The organisation's campaigns: a file's campaign must name one")
    funds: list[Name] = Field(default_factory=list, max_length=MAX_NAMES,
                              description="The organisation's funds: a file's fund must name one")

    @property
    def usual_date_order(self) -> str | None:
        if self.date_order:
            return self.date_order
        return usual_date_order(self.country).value if self.country else None

    def errors(self) -> list[str]:
        """What the settings name that does not exist: a country, a field, a field's value."""
        errors = []
        if self.country and not is_region(self.country):
            errors.append(f"'{self.country}' is not an ISO 3166 country code")
        unknown = sorted(set(self.field_levels) - set(LEVEL_FIELDS))
        if unknown:
            errors.append(f"only {', '.join(LEVEL_FIELDS)} may be warnings; not {', '.join(unknown)}")
        return errors + duplicate_errors(self.lists) + dictionary_errors(self.dictionaries, value_lists(self.lists))

    @property
    def lists(self) -> dict[str, list[str]]:
        """The organisation's lists that have names, by the field they fill."""
        return {name: names for name, names in (("campaign", self.campaigns), ("fund", self.funds)) if names}

    def import_options(self) -> dict:
        """What an import copies: the Options fields these settings give."""
        return {"country": self.country.upper() if self.country else None, "date_order": self.usual_date_order,
                "field_errors": sorted(f for f, level in self.field_levels.items() if level == "error"),
                "lists": self.lists}
