"""What DynamoDB refuses and moto accepts, refused in moto's server-side handler with DynamoDB's own errors, so
every client of the emulator (the local stack's functions, the moto-backed tests) meets the real service's
limits.

Measured with bench/dynamodb_emulators.py against moto 5.2.5 and DynamoDB Local (AWS's own emulator):
moto already refuses, as DynamoDB does, a BatchGetItem of more than 100 keys or with a duplicate key, a
TransactWriteItems of more than 100 operations or with two on one item, and an item over 400 KB (PutItem,
BatchWriteItem, TransactWriteItems). It accepts what this module refuses:

- a BatchWriteItem of more than 25 requests;
- a BatchWriteItem with two requests on one key (moto compares whole items, so two different items with
  one key pass): DynamoDB refuses the whole call.

and it answers a BatchGetItem of more than 100 keys in one table with a message of its own.

The messages are DynamoDB Local's, word for word. Not measured so but refused here too: a Query whose
ExclusiveStartKey lies outside its key condition's BETWEEN of a string sort key (moto reads on from it; DynamoDB
answers the message of OUTSIDE, which is its answer to a start key in another partition as scylladb's
Alternator tests record it).
"""

import functools
import re

from moto.dynamodb.exceptions import MockValidationException, ResourceNotFoundException
from moto.dynamodb.responses import DynamoHandler

BATCH_WRITE_LIMIT, BATCH_GET_LIMIT = 25, 100
TOO_MANY_WRITES = "Too many items requested for the BatchWriteItem call"
TOO_MANY_GETS = "Too many items requested for the BatchGetItem call"
DUPLICATES = "Provided list of item keys contains duplicates"
OUTSIDE = "The provided starting key is outside query boundaries based on provided conditions"
BETWEEN = re.compile(r"(#?\w+) BETWEEN (:\w+) AND (:\w+)")


def check_batch_write(body: dict, key_names) -> None:
    """Raises DynamoDB's ValidationException for a BatchWriteItem it would refuse. key_names(table) gives the
    table's key attribute names, or None for a table moto does not know (moto answers that itself)."""
    request_items = body.get("RequestItems") or {}
    requests = [(table, request) for table, table_requests in request_items.items() for request in table_requests]
    if len(requests) > BATCH_WRITE_LIMIT:
        raise MockValidationException(TOO_MANY_WRITES)
    seen = set()
    for table, request in requests:
        names = key_names(table)
        if names is None:
            continue
        (kind, body), = request.items()
        attributes = body["Item"] if kind == "PutRequest" else body["Key"]
        key = (table, *(repr(attributes.get(name)) for name in names))
        if key in seen:
            raise MockValidationException(DUPLICATES)
        seen.add(key)


def check_batch_get(body: dict, _key_names) -> None:
    if sum(len(spec.get("Keys", [])) for spec in (body.get("RequestItems") or {}).values()) > BATCH_GET_LIMIT:
        raise MockValidationException(TOO_MANY_GETS)


def check_query(body: dict, _key_names) -> None:
    start, between = body.get("ExclusiveStartKey"), BETWEEN.search(body.get("KeyConditionExpression", ""))
    if not (start and between):
        return
    name = body.get("ExpressionAttributeNames", {}).get(between[1], between[1])
    values = body.get("ExpressionAttributeValues", {})
    low, high, at = values[between[2]].get("S"), values[between[3]].get("S"), start.get(name, {}).get("S")
    if None not in (low, high, at) and not low <= at <= high:
        raise MockValidationException(OUTSIDE)


def _key_names(handler: DynamoHandler, table_name: str) -> tuple[str, ...] | None:
    try:
        table = handler.dynamodb_backend.get_table(table_name)
    except ResourceNotFoundException:  # moto answers that itself
        return None
    return tuple(name for name in (table.hash_key_attr, table.range_key_attr) if name)


CHECKS = {"batch_write_item": check_batch_write, "batch_get_item": check_batch_get, "query": check_query}


def install() -> None:
    """Idempotent: every moto BatchWriteItem, BatchGetItem and Query in this process is checked before moto runs
    it."""
    for action, check in CHECKS.items():
        _check_before(action, check)


def _check_before(action: str, check) -> None:
    run = getattr(DynamoHandler, action)
    if getattr(run, "strict", False):
        return

    @functools.wraps(run)
    def checked(self):
        check(self.body, functools.partial(_key_names, self))
        return run(self)

    checked.strict = True
    setattr(DynamoHandler, action, checked)
