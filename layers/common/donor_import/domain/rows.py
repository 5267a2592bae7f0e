"""One pydantic model per import type: a mapped row in, a clean record or the reasons it was rejected out."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo, model_validator

from . import values
from .addresses import split_address
from .import_types import CONTACT_KEYS, PERSON_KEYS, ImportType, Kind

# What validation adds to a record beside the type's fields: "kind" is "organization" for an organisation's row.
DERIVED_FIELDS = ("kind",)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(parse: Callable[[str, ValidationInfo], Any], required: bool = False) -> BeforeValidator:
    def validate(value: Any, info: ValidationInfo) -> Any:
        if _blank(value):
            if required:
                raise ValueError("is required")
            return None
        return parse(str(value), info)

    return BeforeValidator(validate)


def _context(info: ValidationInfo) -> dict:
    return info.context or {}


def _date(text: str, info: ValidationInfo) -> date:
    order = _context(info).get("date_orders", {}).get(info.field_name)
    return values.parse_date(text, values.DateOrder(order) if order else None)


def _phone(text: str, info: ValidationInfo) -> str:
    if _context(info).get("phones_parsed"):
        return text
    return values.parse_phone(text, _context(info).get("default_region") or "US")


def _text(text: str, _info: ValidationInfo) -> str:
    return text.strip()


PARSERS: dict[Kind, Callable[[str, ValidationInfo], Any]] = {
    Kind.TEXT: _text,
    Kind.EMAIL: lambda text, _: values.parse_email(text),
    Kind.PHONE: _phone,
    Kind.DATE: _date,
    Kind.AMOUNT: lambda text, _: values.parse_amount(text),
    Kind.INTEGER: lambda text, _: values.parse_integer(text),
    Kind.FREQUENCY: lambda text, _: values.parse_choice(text, values.FREQUENCIES, "frequency"),
    Kind.INTERACTION_TYPE: lambda text, _: values.parse_choice(text, values.INTERACTION_TYPES, "interaction type"),
    Kind.PAYMENT_METHOD: lambda text, _: values.parse_known(text, values.PAYMENT_METHODS),
    Kind.TAGS: lambda text, _: values.parse_tags(text),
}

Text = Annotated[str | None, _cell(PARSERS[Kind.TEXT])]
Email = Annotated[str | None, _cell(PARSERS[Kind.EMAIL])]
Phone = Annotated[str | None, _cell(PARSERS[Kind.PHONE])]
OptionalDate = Annotated[date | None, _cell(PARSERS[Kind.DATE])]
RequiredDate = Annotated[date, _cell(PARSERS[Kind.DATE], required=True)]
RequiredAmount = Annotated[Decimal, _cell(PARSERS[Kind.AMOUNT], required=True)]
Integer = Annotated[int | None, _cell(PARSERS[Kind.INTEGER])]
Frequency = Annotated[str | None, _cell(PARSERS[Kind.FREQUENCY])]
PaymentMethod = Annotated[str | None, _cell(PARSERS[Kind.PAYMENT_METHOD])]
InteractionType = Annotated[str, _cell(PARSERS[Kind.INTERACTION_TYPE], required=True)]
Tags = Annotated[list[str] | None, _cell(PARSERS[Kind.TAGS])]


def split_name(full_name: str) -> tuple[str | None, str | None]:
    """("Ada", "Lovelace") from "Ada Lovelace" or "Lovelace, Ada"; a single word is a last name."""
    if "," in full_name:
        last, _, first = full_name.partition(",")
        return first.strip() or None, last.strip() or None
    first, _, last = full_name.strip().rpartition(" ")
    return first.strip() or None, last.strip() or None


def _require_any(row: BaseModel, names: tuple[str, ...], wording: str) -> None:
    if all(getattr(row, name) is None for name in names):
        raise ValueError(f"needs {wording}")


class PersonRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    external_id: Text = None
    organization_name: Text = None
    full_name: Text = None
    first_name: Text = None
    last_name: Text = None
    email: Email = None
    phone: Phone = None
    address: Text = None
    address_line1: Text = None
    address_line2: Text = None
    city: Text = None
    state: Text = None
    postal_code: Text = None
    country: Text = None
    kind: Literal["organization"] | None = None  # set from the row, never read from it

    @model_validator(mode="after")
    def identifies_someone(self):
        _require_any(self, PERSON_KEYS,
                     "a first or last name, an organization name, an email or an external id to find the donor")
        return self

    @model_validator(mode="after")
    def organisation_without_a_person(self):
        named = self.full_name or self.first_name or self.last_name
        self.kind = "organization" if self.organization_name and not named else None
        return self

    @model_validator(mode="after")
    def split_address(self):
        """A whole address in one cell fills the address fields its row leaves blank; it is not kept itself."""
        if self.address:
            for name, part in split_address(self.address).filled().items():
                if getattr(self, name) is None:
                    setattr(self, name, part)
        self.address = None
        return self

    @model_validator(mode="after")
    def split_full_name(self):
        if self.full_name and not (self.first_name or self.last_name):
            self.first_name, self.last_name = split_name(self.full_name)
        self.full_name = None
        return self


class ContactRow(PersonRow):
    tags: Tags = None
    notes: Text = None

    @model_validator(mode="after")
    def identifies_someone(self):
        _require_any(self, CONTACT_KEYS, "a first or last name, an organization name, or an email")
        return self


class DonationRow(PersonRow):
    amount: RequiredAmount
    date: RequiredDate
    currency: Text = None
    campaign: Text = None
    fund: Text = None
    payment_method: PaymentMethod = None
    transaction_id: Text = None


class PledgeRow(PersonRow):
    amount: RequiredAmount
    start_date: RequiredDate
    frequency: Frequency = None
    installments: Integer = None
    end_date: OptionalDate = None

    @model_validator(mode="after")
    def ends_after_start(self):
        if self.end_date and self.end_date < self.start_date:
            raise ValueError(f"end_date: {self.end_date} is before start_date {self.start_date}")
        return self


class InteractionRow(PersonRow):
    date: RequiredDate
    type: InteractionType
    subject: Text = None
    notes: Text = None


MODELS: dict[ImportType, type[PersonRow]] = {
    ImportType.CONTACTS: ContactRow,
    ImportType.DONATIONS: DonationRow,
    ImportType.PLEDGES: PledgeRow,
    ImportType.INTERACTIONS: InteractionRow,
}


def reasons(error: ValidationError) -> list[tuple[str | None, str]]:
    """(field, reason) for each problem, worded for a person: "amount: '-5' is not a positive amount"."""
    found = []
    for problem in error.errors(include_url=False):
        message = problem["msg"].removeprefix("Value error, ")
        field = str(problem["loc"][0]) if problem["loc"] else None
        found.append((field, message))
    return found


def describe(problems: list[tuple[str | None, str]]) -> str:
    return "; ".join(f"{field}: {message}" if field else message for field, message in problems)


def validate_row(import_type: ImportType, row: dict[str, str], context: dict) -> dict:
    """The clean record as JSON-ready values; raises ValidationError."""
    record = MODELS[import_type].model_validate(row, context=context)
    return record.model_dump(mode="json", exclude_none=True)

