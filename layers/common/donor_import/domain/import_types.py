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
    "or an Excel serial date; a time after it (May 11, 2019 11:21 AM, 2019-05-11T11:21:00Z) is dropped",
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
               "supporter id", "customer id", "legacy id", "crm id", "salesforce id", "lgl id", "kundennummer",
               "spendernummer", "mitgliedsnummer")),
    FieldSpec("full_name", Kind.TEXT, "Whole name, split into first and last name when those are not mapped",
              ("full name", "name", "donor name", "contact name", "display name", "payer name", "giver name",
               "member name", "vollstandiger name", "nom complet", "nombre completo")),
    # A row naming an organisation and no person is the organisation's. Not "Employer": that is a person's.
    FieldSpec("organization_name", Kind.TEXT, "Organisation (company, foundation, church): a row naming one and "
              "no person is the organisation's",
              ("organization name", "organization", "organisation", "organisation name", "company", "company name",
               "account name", "business name", "org name", "firma", "unternehmen")),
    FieldSpec("first_name", Kind.TEXT, "First name",
              ("first name", "first", "given name", "forename", "fname", "vorname", "prenom", "nombre")),
    FieldSpec("last_name", Kind.TEXT, "Last name",
              ("last name", "last", "surname", "family name", "lname", "nachname", "nom", "apellido")),
    FieldSpec("email", Kind.EMAIL, "Email address",
              ("email", "e mail", "email address", "e mail address", "mail", "emailadresse", "courriel",
               "from email address", "preferred email", "correo", "correo electronico")),
    FieldSpec("phone", Kind.PHONE, "Phone number",
              ("phone", "phone number", "telephone", "tel", "mobile", "cell", "telefon", "telefonnummer",
               "handy", "contact phone number", "mobile phone", "cell phone", "telephone number",
               "preferred phone", "telefono")),
    FieldSpec("address", Kind.TEXT, "A whole address in one cell, split into street, city, state, postal code and "
              "country (a value given in its own column wins)",
              ("address", "full address", "mailing address", "postal address", "adresse", "anschrift",
               "direccion completa")),
    FieldSpec("address_line1", Kind.TEXT, "Street address",
              ("street", "address 1", "address line 1", "street address", "street 1", "strasse",
               "address1", "street1", "street line 1", "direccion")),
    FieldSpec("address_line2", Kind.TEXT, "Address, second line",
              ("address 2", "address line 2", "address2", "street 2", "street2", "apt", "suite",
               "apartment", "adresszusatz")),
    FieldSpec("city", Kind.TEXT, "City",
              ("city", "town", "locality", "suburb", "ort", "stadt", "wohnort", "ville", "ciudad")),
    FieldSpec("state", Kind.TEXT, "State, province or region",
              ("state", "province", "region", "state province", "province state", "state code",
               "bundesland", "estado")),
    FieldSpec("postal_code", Kind.TEXT, "ZIP or postal code",
              ("zip", "zip code", "zipcode", "postal code", "postcode", "post code", "zip postal code",
               "plz", "postleitzahl", "code postal", "codigo postal")),
    FieldSpec("country", Kind.TEXT, "Country", ("country", "country name", "land", "pays", "pais")),
)

CONTACT_OWN_FIELDS = (
    FieldSpec("tags", Kind.TAGS, "Tags", ("tags", "tag", "groups", "labels", "segments", "schlagworte")),
    FieldSpec("notes", Kind.TEXT, "Notes", ("notes", "note", "comments", "comment", "memo", "notizen", "bemerkung")),
)

PERSON_KEYS = ("full_name", "first_name", "last_name", "organization_name", "email", "external_id")
# What a contacts row must have: someone to call by name, or to write to (an external id alone is no person).
CONTACT_KEYS = ("full_name", "first_name", "last_name", "organization_name", "email")

DONATION_FIELDS = (
    FieldSpec("amount", Kind.AMOUNT, "Amount given",
              ("amount", "gift amount", "donation amount", "total amount", "donation total", "payment amount",
               "gross", "gross amount", "total", "gift amt", "amt", "betrag", "spende", "spendenbetrag", "montant",
               "sum", "monto", "importe"), required=True),
    FieldSpec("date", Kind.DATE, "Date of the gift",
              ("date", "gift date", "donation date", "date received", "receive date", "received date",
               "received", "close date", "date of gift", "datum", "spendendatum", "eingangsdatum",
               "transaction date", "payment date", "fecha"), required=True),
    FieldSpec("currency", Kind.TEXT, "Currency code (USD, EUR…)",
              ("currency", "currency code", "wahrung", "devise", "moneda")),
    FieldSpec("campaign", Kind.TEXT, "Campaign",
              ("campaign", "campaign name", "campaign id", "campaign code", "appeal", "appeal name", "appeal code",
               "donation form", "form title", "kampagne", "aktion", "campagne", "campana")),
    FieldSpec("fund", Kind.TEXT, "Fund",
              ("fund", "fund name", "designation", "financial type", "gift designation", "fonds", "zweck",
               "spendenzweck", "purpose", "fondo")),
    FieldSpec("payment_method", Kind.PAYMENT_METHOD, "Payment method",
              ("payment method", "payment type", "payment instrument", "payment gateway", "gateway",
               "tender type", "paid by", "zahlungsart", "zahlungsweise", "mode de paiement", "metodo de pago")),
    FieldSpec("transaction_id", Kind.TEXT, "Transaction id in the system the file comes from",
              ("transaction id", "transaction", "trxn id", "receipt", "receipt number", "receipt id",
               "gift id", "donation id", "donation number", "payment id", "charge id", "reference",
               "transaktionsnummer", "belegnummer")),
)

PLEDGE_FIELDS = (
    FieldSpec("amount", Kind.AMOUNT, "Amount of each installment",
              ("amount", "pledge amount", "installment amount", "betrag", "gross"), required=True),
    FieldSpec("start_date", Kind.DATE, "First installment date",
              ("start date", "start", "pledge date", "date", "date established", "first payment",
               "first payment date", "beginn", "startdatum"),
              required=True),
    FieldSpec("frequency", Kind.FREQUENCY, "How often",
              ("frequency", "frequency unit", "installment period", "recurring period", "schedule",
               "recurrence", "billing period", "rhythmus", "turnus", "frequence", "frecuencia")),
    FieldSpec("installments", Kind.INTEGER, "Number of installments",
              ("installments", "number of installments", "payments", "raten", "count")),
    FieldSpec("end_date", Kind.DATE, "Last installment date",
              ("end date", "end", "pledge end date", "last payment date", "enddatum", "until")),
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
