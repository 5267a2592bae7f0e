"""Recognising a gift imported before: the same external transaction id, or the same contact, date and
amount. A donation is written only together with the conditional claim of its identities (each a key item
of the records table), so parallel batches and concurrent imports write a gift once, without a query per row."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SameTransaction:
    transaction_id: str

    def reason(self, where: str) -> str:
        return f"duplicate: transaction id '{self.transaction_id}' was imported already ({where})"


@dataclass(frozen=True)
class SameGift:
    contact_id: str
    date: str
    amount: str  # to the cent: 10 and 10.00 are one amount

    def reason(self, where: str) -> str:
        return f"duplicate: a gift of {self.amount} on {self.date} from this contact exists already ({where})"


GiftIdentity = SameTransaction | SameGift


def identities(contact_id: str, record: dict) -> list[GiftIdentity]:
    found: list[GiftIdentity] = []
    if record.get("transaction_id"):
        found.append(SameTransaction(record["transaction_id"]))
    found.append(SameGift(contact_id, record["date"], f"{Decimal(record['amount']):.2f}"))
    return found


def reason(identity: GiftIdentity, match: dict | None) -> str:
    """Why a row is a duplicate of the gift's holder (match: its source_row and import_id)."""
    where = f"row {match['source_row']} of import {match['import_id']}" if match else "by another import"
    return identity.reason(where)
