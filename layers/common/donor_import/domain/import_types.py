"""The four import types: their fields, which are required, and the header words that suggest them."""

from dataclasses import dataclass, field
from enum import StrEnum

from .values import FREQUENCIES, INTERACTION_TYPES, PAYMENT_METHODS


class ImportType(StrEnum):
    CONTACTS = "contacts"
    DONATIONS = "donations"
    PLEDGES = "pledges"
    INTERACTIONS = "interactions"


class Kind(StrEnum):
    TEXT = "text"
    EMAIL = "email"
    PHONE = "phone"
    DATE = "date"
    AMOUNT = "amount"
    INTEGER = "integer"
    FREQUENCY = "frequency"
    PAYMENT_METHOD = "payment_method"
    INTERACTION_TYPE = "interaction_type"
    TAGS = "tags"


def _one_of(choices: dict[str, str]) -> str:
    return f"one of {', '.join(dict.fromkeys(choices.values()))} (synonyms accepted)"


FORMATS = {
    Kind.TEXT: "any text",
    Kind.EMAIL: "an email address, e.g. jane@example.org",
    Kind.PHONE: "a phone number, national or international; stored as E.164 (+14155550100)",
    Kind.DATE: "ISO (2024-03-31), US (03/31/2024), European (31.03.2024), written (31 March 2024) "
    "or an Excel serial date",
    Kind.AMOUNT: "a positive amount: $1,234.56, 1.234,56 €, 1234.56",
    Kind.INTEGER: "a whole number",
    Kind.FREQUENCY: _one_of(FREQUENCIES),
    Kind.PAYMENT_METHOD: f"{_one_of(PAYMENT_METHODS)}; another value is kept as it is",
    Kind.INTERACTION_TYPE: _one_of(INTERACTION_TYPES),
    Kind.TAGS: "tags separated by commas or semicolons",
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    description: str
    synonyms: tuple[str, ...] = ()
    required: bool = False

    def describe(self) -> dict:
        return {
            "name": self.name,
            "required": self.required,
            "description": self.description,
            "format": FORMATS[self.kind],
        }


@dataclass(frozen=True)
class TypeSpec:
    name: ImportType
    description: str
    fields: tuple[FieldSpec, ...]
    # At least one field of each group must be mapped and filled in.
    required_any: tuple[tuple[str, ...], ...] = field(default=())

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def describe(self) -> dict:
        return {
            "name": self.name.value,
            "description": self.description,
            "fields": [f.describe() for f in self.fields],
            "required_any": [list(group) for group in self.required_any],
        }


PERSON_FIELDS = (
    FieldSpec("external_id", Kind.TEXT, "The person's id in the system the file comes from",
              ("external id", "constituent id", "donor id", "contact id", "id", "record id", "member id",
               "supporter id", "customer id", "kundennummer", "spendernummer")),
    FieldSpec("full_name", Kind.TEXT, "Whole name, split into first and last name when those are not mapped",
              ("full name", "name", "donor name", "contact name", "display name", "payer name", "giver name",
               "member name", "vollstandiger name")),
    FieldSpec("first_name", Kind.TEXT, "First name",
              ("first name", "first", "given name", "forename", "fname", "vorname", "prenom", "nombre")),
    FieldSpec("last_name", Kind.TEXT, "Last name",
              ("last name", "last", "surname", "family name", "lname", "nachname", "nom", "apellido")),
    FieldSpec("email", Kind.EMAIL, "Email address",
              ("email", "e mail", "email address", "e mail address", "mail", "emailadresse", "courriel",
               "from email address", "correo")),
    FieldSpec("phone", Kind.PHONE, "Phone number",
              ("phone", "phone number", "telephone", "tel", "mobile", "cell", "telefon", "telefonnummer",
               "handy", "contact phone number")),
    FieldSpec("address_line1", Kind.TEXT, "Street address",
              ("address", "street", "address 1", "address line 1", "street address", "strasse",
               "adresse", "address1")),
    FieldSpec("address_line2", Kind.TEXT, "Address, second line",
              ("address 2", "address line 2", "address2", "apt", "suite")),
    FieldSpec("city", Kind.TEXT, "City", ("city", "town", "ort", "stadt", "ville", "ciudad")),
    FieldSpec("state", Kind.TEXT, "State, province or region",
              ("state", "province", "region", "county", "bundesland", "state province")),
    FieldSpec("postal_code", Kind.TEXT, "ZIP or postal code",
              ("zip", "zip code", "postal code", "postcode", "plz", "postleitzahl", "code postal")),
    FieldSpec("country", Kind.TEXT, "Country", ("country", "land", "pays", "pais")),
)

CONTACT_OWN_FIELDS = (
    FieldSpec("tags", Kind.TAGS, "Tags", ("tags", "tag", "groups", "labels", "segments", "schlagworte")),
    FieldSpec("notes", Kind.TEXT, "Notes", ("notes", "note", "comments", "comment", "notizen", "bemerkung")),
)

PERSON_KEYS = ("full_name", "first_name", "last_name", "email", "external_id")
# What a contacts row must have: someone to call by name, or to write to (an external id alone is no person).
CONTACT_KEYS = ("full_name", "first_name", "last_name", "email")

DONATION_FIELDS = (
    FieldSpec("amount", Kind.AMOUNT, "Amount given",
              ("amount", "gift amount", "donation amount", "gross", "total", "gift amt", "amt", "betrag",
               "spende", "spendenbetrag", "montant", "sum"), required=True),
    FieldSpec("date", Kind.DATE, "Date of the gift",
              ("date", "gift date", "donation date", "date received", "received", "datum", "spendendatum",
               "transaction date", "payment date"), required=True),
    FieldSpec("currency", Kind.TEXT, "Currency code (USD, EUR…)", ("currency", "wahrung", "devise", "moneda")),
    FieldSpec("campaign", Kind.TEXT, "Campaign", ("campaign", "appeal", "kampagne", "aktion")),
    FieldSpec("fund", Kind.TEXT, "Fund", ("fund", "designation", "fonds", "zweck", "purpose")),
    FieldSpec("payment_method", Kind.PAYMENT_METHOD, "Payment method",
              ("payment method", "method", "payment type", "type", "zahlungsart", "tender")),
    FieldSpec("transaction_id", Kind.TEXT, "Transaction id in the system the file comes from",
              ("transaction id", "transaction", "receipt", "receipt number", "gift id", "donation id",
               "reference", "transaktionsnummer", "belegnummer")),
)

PLEDGE_FIELDS = (
    FieldSpec("amount", Kind.AMOUNT, "Amount of each installment",
              ("amount", "pledge amount", "installment amount", "betrag", "gross"), required=True),
    FieldSpec("start_date", Kind.DATE, "First installment date",
              ("start date", "start", "pledge date", "date", "beginn", "startdatum", "first payment"),
              required=True),
    FieldSpec("frequency", Kind.FREQUENCY, "How often",
              ("frequency", "interval", "schedule", "recurrence", "rhythmus", "turnus")),
    FieldSpec("installments", Kind.INTEGER, "Number of installments",
              ("installments", "number of installments", "payments", "raten", "count")),
    FieldSpec("end_date", Kind.DATE, "Last installment date", ("end date", "end", "enddatum", "until")),
)

INTERACTION_FIELDS = (
    FieldSpec("date", Kind.DATE, "When it happened",
              ("date", "interaction date", "activity date", "datum", "when", "contact date"), required=True),
    FieldSpec("type", Kind.INTERACTION_TYPE, "Kind of touch-point",
              ("type", "interaction type", "activity type", "activity", "channel", "art", "kontaktart"),
              required=True),
    FieldSpec("subject", Kind.TEXT, "Subject", ("subject", "title", "betreff", "topic")),
    FieldSpec("notes", Kind.TEXT, "Notes", ("notes", "note", "comments", "description", "notizen")),
)

TYPES: dict[ImportType, TypeSpec] = {
    ImportType.CONTACTS: TypeSpec(
        ImportType.CONTACTS, "People: one row a person", PERSON_FIELDS + CONTACT_OWN_FIELDS,
        required_any=(CONTACT_KEYS,)),
    ImportType.DONATIONS: TypeSpec(
        ImportType.DONATIONS, "Gifts: one row a gift; the donor is matched or created",
        PERSON_FIELDS + DONATION_FIELDS, required_any=(PERSON_KEYS,)),
    ImportType.PLEDGES: TypeSpec(
        ImportType.PLEDGES, "Promises to give: one row a pledge; the donor is matched or created",
        PERSON_FIELDS + PLEDGE_FIELDS, required_any=(PERSON_KEYS,)),
    ImportType.INTERACTIONS: TypeSpec(
        ImportType.INTERACTIONS, "Touch-points: one row a call, meeting, email…; the contact is matched or "
        "created", PERSON_FIELDS + INTERACTION_FIELDS, required_any=(PERSON_KEYS,)),
}


def type_spec(name: str) -> TypeSpec:
    return TYPES[ImportType(name)]
