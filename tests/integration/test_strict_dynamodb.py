"""The emulator refuses what DynamoDB refuses, with DynamoDB's error, whichever client calls it.

The BatchWriteItem rules on keys and count, and a Query's start key within its BETWEEN, are the strict layer's
(local/strict_dynamodb.py): plain moto accepts those requests; for 101 keys in a BatchGetItem it answers with
another message. The rest moto refuses by itself; they are here so a moto upgrade that stopped refusing them
shows."""

import boto3
import pytest
from botocore.exceptions import ClientError

from donor_import.config import settings

BIG = "x" * (400 * 1024 + 1)


def key(sk: str) -> dict:
    return {"pk": {"S": "ORG#strict"}, "sk": {"S": sk}}


def put(sk: str, **attributes) -> dict:
    return {"PutRequest": {"Item": {**key(sk), **{k: {"S": v} for k, v in attributes.items()}}}}


def batch_write(*requests):
    return lambda client, table: client.batch_write_item(RequestItems={table: list(requests)})


def transact(*operations):
    return lambda client, table: client.transact_write_items(
        TransactItems=[{kind: {"TableName": table, **spec}} for kind, spec in operations])


RULES = {
    "BatchWriteItem: two items with one key": (
        batch_write(put("CONTACT#1", email="a@example.org"), put("CONTACT#1")),
        "Provided list of item keys contains duplicates"),
    "BatchWriteItem: a put and a delete of one key": (
        batch_write(put("CONTACT#1"), {"DeleteRequest": {"Key": key("CONTACT#1")}}),
        "Provided list of item keys contains duplicates"),
    "BatchWriteItem: 26 requests": (
        batch_write(*(put(f"CONTACT#{n}") for n in range(26))),
        "Too many items requested for the BatchWriteItem call"),
    "BatchGetItem: 101 keys": (
        lambda client, table: client.batch_get_item(
            RequestItems={table: {"Keys": [key(f"CONTACT#{n}") for n in range(101)]}}),
        "Too many items requested for the BatchGetItem call"),
    "TransactWriteItems: two operations on one item": (
        transact(("Put", {"Item": key("CONTACT#1")}),
                 ("Update", {"Key": key("CONTACT#1"), "UpdateExpression": "SET x = :x",
                             "ExpressionAttributeValues": {":x": {"S": "1"}}})),
        "Transaction request cannot include multiple operations on one item"),
    "TransactWriteItems: 101 operations": (
        transact(*(("Put", {"Item": key(f"CONTACT#{n}")}) for n in range(101))),
        "Member must have length less than or equal to 100"),
    "Query: a start key outside the BETWEEN of its sort key": (
        lambda client, table: client.query(
            TableName=table, KeyConditionExpression="pk = :pk AND #sk BETWEEN :low AND :high",
            ExpressionAttributeNames={"#sk": "sk"}, ExclusiveStartKey=key("CONTACT#9"),
            ExpressionAttributeValues={":pk": {"S": "ORG#strict"}, ":low": {"S": "CONTACT#1"},
                                       ":high": {"S": "CONTACT#5"}}),
        "The provided starting key is outside query boundaries based on provided conditions"),
    "BatchWriteItem: an item over 400 KB": (
        batch_write(put("CONTACT#big", notes=BIG)), "Item size has exceeded the maximum allowed size"),
    "TransactWriteItems: an item over 400 KB": (
        transact(("Put", {"Item": {**key("CONTACT#big"), "notes": {"S": BIG}}})),
        "Item size has exceeded the maximum allowed size"),
}


@pytest.mark.parametrize("rule", RULES)
def test_what_dynamodb_refuses_is_refused_and_nothing_is_written(stack, rule):
    call, message = RULES[rule]
    client, table = boto3.client("dynamodb"), settings().records_table

    with pytest.raises(ClientError) as refused:
        call(client, table)

    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert message in refused.value.response["Error"]["Message"]
    stored = client.query(TableName=table, KeyConditionExpression="pk = :pk",
                          ExpressionAttributeValues={":pk": {"S": "ORG#strict"}})["Items"]
    assert stored == []


def test_a_batch_write_with_distinct_keys_is_accepted(stack):
    client, table = boto3.client("dynamodb"), settings().records_table

    client.batch_write_item(RequestItems={table: [put(f"CONTACT#{n}") for n in range(25)]})

    stored = client.query(TableName=table, KeyConditionExpression="pk = :pk",
                          ExpressionAttributeValues={":pk": {"S": "ORG#strict"}})["Count"]
    assert stored == 25
