"""Claiming keys with conditional writes, in bulk: a key is won when it is free or its holder is the
claimant already (a redelivered batch re-claims its own keys), and lost to whoever holds it otherwise.

Used for gift keys; written to be the same for any key that decides identity (match keys, later)."""

from dataclasses import dataclass, field

from .dynamo import serialise
from .transactions import write_groups


@dataclass(frozen=True)
class Claim:
    """Keys one claimant wants, all or none, and the items written only if it wins them all."""

    table: str
    owner_attribute: str  # the attribute of a key item that names its holder, e.g. "record_id"
    keys: list[dict]  # the key items, each with pk, sk and owner_attribute
    items: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Lost:
    key: dict  # the key item that was not won
    holder: dict | None  # the key item as it stands, naming who holds it


def claim(dynamodb, claims: list[Claim]) -> dict[int, Lost]:
    """Claim each claim's keys (and write its items) in transactions of up to 100 actions, with a low-level
    client; returns the claims lost, by index. A lost claim writes nothing."""
    groups = [[*(_claim_action(c, key) for key in c.keys), *(_put(c.table, item) for item in c.items)]
              for c in claims]
    return {r.group: Lost(claims[r.group].keys[r.action], r.holder) for r in write_groups(groups, dynamodb)}


def _claim_action(claim_: Claim, key: dict) -> dict:
    return {"Put": {
        "TableName": claim_.table, "Item": serialise(key),
        "ConditionExpression": "attribute_not_exists(pk) OR #owner = :owner",
        "ExpressionAttributeNames": {"#owner": claim_.owner_attribute},
        "ExpressionAttributeValues": serialise({":owner": key[claim_.owner_attribute]}),
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
    }}


def _put(table: str, item: dict) -> dict:
    return {"Put": {"TableName": table, "Item": serialise(item)}}
