"""The records table: contacts, their external-id keys, and the donations, pledges and interactions under them.

Every contact is its own partition, so a million-row import spreads its writes instead of heating one key.
"""

from boto3.dynamodb.conditions import Key

from ..config import settings
from . import aws
from .dynamo import batch_get, batch_write, plain, query_page

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


def gift_keys(keys: list[str]) -> dict[str, dict]:
    """The gift key items that exist, by key: {record_id, import_id, source_row}."""
    found = batch_get(_table_name(), [{"pk": key, "sk": "GIFT"} for key in keys])
    return {item["pk"]: plain(item) for item in found}


def gift_key_item(key: str, marker: dict) -> dict:
    return {"pk": key, "sk": "GIFT", **marker}


def write(items: list[dict]) -> None:
    batch_write(_table_name(), items)


def records_of(org_id: str, contact_id: str, kind: str) -> list[dict]:
    answer = aws.table(_table_name()).query(
        KeyConditionExpression=Key("pk").eq(contact_pk(org_id, contact_id)) & Key("sk").begins_with(kind.upper())
    )
    return [_public(i) for i in answer["Items"]]


def _list_pk(org_id: str, list_id: str) -> str:
    return f"L#{org_id}#{list_id}"


def create_list(org_id: str, list_id: str, meta: dict, contact_ids: list[str]) -> None:
    pk = _list_pk(org_id, list_id)
    members = [{"pk": pk, "sk": f"M#{c}", "contact_id": c} for c in contact_ids]
    batch_write(_table_name(), [*members, {"pk": pk, "sk": "META", "list_id": list_id, **meta}])


def get_list(org_id: str, list_id: str) -> dict | None:
    item = aws.table(_table_name()).get_item(Key={"pk": _list_pk(org_id, list_id), "sk": "META"}).get("Item")
    return _public(item) if item else None


def list_members(org_id: str, list_id: str, limit: int, cursor: str | None) -> tuple[list[str], str | None]:
    items, next_cursor = query_page(aws.table(_table_name()), _list_pk(org_id, list_id), "M#", limit, cursor)
    return [i["contact_id"] for i in items], next_cursor


def page_of_profiles(org_id: str, contact_ids: list[str]) -> list[dict]:
    found = profiles(org_id, set(contact_ids))
    return [found[c] for c in contact_ids if c in found]

