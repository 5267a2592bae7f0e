"""The records table: contacts, their external-id keys, and the donations, pledges and interactions under them.

Every contact is its own partition, so a million-row import spreads its writes instead of heating one key.
"""

from boto3.dynamodb.conditions import Key

from ..config import settings
from . import aws
from .dynamo import batch_get, batch_write, decode_cursor, encode_cursor, plain

PROFILE = "PROFILE"


def contact_pk(org_id: str, contact_id: str) -> str:
    return f"C#{org_id}#{contact_id}"


def _external_pk(org_id: str, external_id: str) -> str:
    return f"X#{org_id}#{external_id}"


def _table_name() -> str:
    return settings().records_table


def contacts_by_external_id(org_id: str, external_ids: set[str]) -> dict[str, str]:
    keys = [{"pk": _external_pk(org_id, e), "sk": "KEY"} for e in external_ids]
    return {item["external_id"]: item["contact_id"] for item in batch_get(_table_name(), keys)}


def profiles(org_id: str, contact_ids: set[str]) -> dict[str, dict]:
    keys = [{"pk": contact_pk(org_id, c), "sk": PROFILE} for c in contact_ids]
    return {item["contact_id"]: _public(item) for item in batch_get(_table_name(), keys)}


def _public(item: dict) -> dict:
    """The item without its keys; money as a string with two decimals, never a float."""
    shown = {k: v for k, v in plain(item).items() if k not in ("pk", "sk", "amount")}
    if "amount" in item:
        shown["amount"] = f"{item['amount']:.2f}"
    return shown


def profile_item(org_id: str, profile: dict) -> dict:
    return {"pk": contact_pk(org_id, profile["contact_id"]), "sk": PROFILE, **profile}


def external_key_item(org_id: str, external_id: str, contact_id: str) -> dict:
    return {"pk": _external_pk(org_id, external_id), "sk": "KEY", "external_id": external_id,
            "contact_id": contact_id}


def record_item(org_id: str, contact_id: str, kind: str, when: str, record: dict) -> dict:
    sk = f"{kind.upper()}#{when}#{record['record_id']}"
    return {"pk": contact_pk(org_id, contact_id), "sk": sk, "kind": kind, **record}


def write(items: list[dict]) -> None:
    batch_write(_table_name(), items)


def records_of(org_id: str, contact_id: str, kind: str) -> list[dict]:
    answer = aws.table(_table_name()).query(
        KeyConditionExpression=Key("pk").eq(contact_pk(org_id, contact_id)) & Key("sk").begins_with(kind.upper())
    )
    return [_public(i) for i in answer["Items"]]


def page_of_profiles(org_id: str, contact_ids: list[str]) -> list[dict]:
    found = profiles(org_id, set(contact_ids))
    return [found[c] for c in contact_ids if c in found]


__all__ = ["decode_cursor", "encode_cursor"]
