"""Small DynamoDB helpers shared by the repositories."""

import base64
import binascii
import json
import random
import time
from decimal import Decimal

from boto3.dynamodb.conditions import Key
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

BATCH_WRITE_LIMIT = 25
BATCH_GET_LIMIT = 100


class BadCursor(ValueError):
    pass


def plain(value):
    """DynamoDB's Decimals back to int/float, recursively."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | set):
        return [plain(v) for v in value]
    return value


def encode_cursor(last_key: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(last_key).encode()).decode()


MAX_KEY_CHARS = 512


def decode_cursor(cursor: str | None, partition: str, prefix: str) -> dict | None:
    """The start key of a page; refused unless it lies in the caller's own partition, among the items the
    query reads (its sort key starts with prefix)."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: JSON nested deep
        raise BadCursor("cursor is not one this API gave out") from None
    if not isinstance(key, dict) or key.get("pk") != partition:
        raise BadCursor("cursor is not one this API gave out")
    sort_key = key.get("sk")
    if not isinstance(sort_key, str) or not sort_key.startswith(prefix) or len(sort_key) > MAX_KEY_CHARS:
        raise BadCursor("cursor is not one this API gave out")
    return {"pk": partition, "sk": sort_key}


def query_page(table, partition: str, prefix: str, limit: int, cursor: str | None, newest_first: bool = False,
               condition=None, max_read: int = 0,
               between: tuple[str, str] | None = None) -> tuple[list[dict], str | None]:
    """One page of the items of a partition whose sort key starts with prefix (and lies between the bounds when
    given, both starting with prefix: only those are read; with a condition, that meet it), and a cursor only when
    more items may follow.

    Without a condition it asks for one more item than the page. With one, DynamoDB filters after reading, so a
    page of a Query may hold fewer items than its Limit: it reads on until the page is full or max_read items
    were read, and then gives a cursor from the last item read."""
    sort_key = Key("sk").between(*between) if between else Key("sk").begins_with(prefix)
    query = {"KeyConditionExpression": Key("pk").eq(partition) & sort_key, "ScanIndexForward": not newest_first}
    if condition is not None:
        query["FilterExpression"] = condition
    start = decode_cursor(cursor, partition, prefix)
    if start and between:
        before, after = _outside(start["sk"], between, newest_first)
        if after:
            return [], None
        start = None if before else start
    budget = max(max_read, limit + 1) if condition is not None else limit + 1
    items, read = [], 0
    while True:
        answer = table.query(**query, Limit=budget - read, **({"ExclusiveStartKey": start} if start else {}))
        items += answer["Items"]
        read += answer.get("ScannedCount", len(answer["Items"]))
        start = answer.get("LastEvaluatedKey")
        if len(items) > limit:
            items = items[:limit]
            return items, encode_cursor({"pk": items[-1]["pk"], "sk": items[-1]["sk"]})
        if not start:
            return items, None
        if read >= budget:
            return items, encode_cursor({"pk": start["pk"], "sk": start["sk"]})


def _outside(sort_key: str, between: tuple[str, str], newest_first: bool) -> tuple[bool, bool]:
    """Whether a start key lies before the bounds in the order the query reads them, or at their end or after
    (DynamoDB refuses a start key outside the key condition: a cursor given under other bounds pages on from where
    the bounds begin, or finds nothing after them)."""
    low, high = between
    return (sort_key > high, sort_key <= low) if newest_first else (sort_key < low, sort_key >= high)


def backoff(attempt: int) -> None:
    """Wait before the next try of a request DynamoDB left (partly) undone: exponential, with jitter."""
    time.sleep(min(2.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.0))


def last_per_key(items: list[dict]) -> list[dict]:
    """One item per key (pk, sk), the last given for it, in the order the keys first came.

    DynamoDB refuses a whole BatchWriteItem holding two items with one key. Dropping all but the last is
    safe because the callers build a batch's items in row order, each later item for a key being that
    row's word on it after the earlier ones (a contact's profile is merged over every row before it; an
    external id points to the contact its latest row chose), so the last is what writing the items one
    at a time, in order, would leave."""
    return list({(item["pk"], item["sk"]): item for item in items}.values())


def batch_write(dynamodb, table_name: str, items: list[dict], attempts: int = 8, wait=backoff) -> None:
    """Put items 25 at a time, one per key (last_per_key), retrying what DynamoDB leaves unprocessed, with
    backoff (dynamodb: a low-level client)."""
    items = last_per_key(items)
    for start in range(0, len(items), BATCH_WRITE_LIMIT):
        chunk = items[start : start + BATCH_WRITE_LIMIT]
        requests = {table_name: [{"PutRequest": {"Item": serialise(item)}} for item in chunk]}
        for attempt in range(attempts):
            requests = dynamodb.batch_write_item(RequestItems=requests).get("UnprocessedItems") or {}
            if not requests:
                break
            wait(attempt)
        else:
            raise RuntimeError(f"DynamoDB left {len(requests[table_name])} items unprocessed")


def batch_get(dynamodb, table_name: str, keys: list[dict], attempts: int = 8, wait=backoff) -> list[dict]:
    """Get items 100 keys at a time, retrying unprocessed keys, with backoff (dynamodb: a low-level client)."""
    found = []
    unique = list({(k["pk"], k["sk"]): k for k in keys}.values())
    for start in range(0, len(unique), BATCH_GET_LIMIT):
        request = {table_name: {"Keys": [serialise(k) for k in unique[start : start + BATCH_GET_LIMIT]],
                                "ConsistentRead": True}}
        for attempt in range(attempts):
            answer = dynamodb.batch_get_item(RequestItems=request)
            found += [deserialise(item) for item in answer["Responses"].get(table_name, [])]
            request = answer.get("UnprocessedKeys") or {}
            if not request:
                break
            wait(attempt)
        else:
            raise RuntimeError("DynamoDB left keys unprocessed")
    return found


SERIALISER, DESERIALISER = TypeSerializer(), TypeDeserializer()


def serialise(item: dict) -> dict:
    return {k: SERIALISER.serialize(v) for k, v in item.items() if v is not None}


def deserialise(item: dict) -> dict:
    return {k: DESERIALISER.deserialize(v) for k, v in item.items()}
