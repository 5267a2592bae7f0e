"""Recognising a gift imported before: the same external transaction id, or the same contact, date and
amount. A donation is written only together with the conditional claim of its key items under these
names, so parallel batches and concurrent imports write a gift once, without a query per row."""

from decimal import Decimal


def keys(org_id: str, contact_id: str, record: dict) -> list[str]:
    found = []
    if record.get("transaction_id"):
        found.append(f"T#{org_id}#{record['transaction_id']}")
    found.append(f"G#{org_id}#{contact_id}#{record['date']}#{Decimal(record['amount']):.2f}")
    return found


def reason(key: str, match: dict | None) -> str:
    """Why a row is a duplicate of the gift key's holder (match: its source_row and import_id)."""
    where = f"row {match['source_row']} of import {match['import_id']}" if match else "by another import"
    if key.startswith("T#"):
        return f"duplicate: transaction id '{key.split('#', 2)[2]}' was imported already ({where})"
    *_, date, amount = key.split("#")
    return f"duplicate: a gift of {amount} on {date} from this contact exists already ({where})"
