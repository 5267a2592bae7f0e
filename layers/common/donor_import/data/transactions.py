"""Groups of conditional writes, each all or nothing, packed into TransactWriteItems of up to 100 actions.

A transaction is cancelled as a whole when one action's condition fails: the groups whose condition failed
are set aside with the item that failed it (ReturnValuesOnConditionCheckFailure), and the rest are sent
again. A transaction that conflicts with another one in flight is sent again after a backoff. So a group
costs one request in the common case and the losers of a race cost one more; never a request per item.
"""

from dataclasses import dataclass

from botocore.exceptions import ClientError

from .dynamo import backoff, deserialise

TRANSACTION_LIMIT = 100
RETRIED = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}


@dataclass(frozen=True)
class Refused:
    """A group whose action `action` failed its condition; `holder` is the item as it stood (None when it
    did not exist)."""

    group: int
    action: int
    holder: dict | None


def write_groups(groups: list[list[dict]], dynamodb, attempts: int = 10, wait=backoff) -> list[Refused]:
    """Write each group of TransactWriteItems actions atomically (a group is never split across
    transactions) with a low-level client; the groups refused by a condition are returned, the others are
    written. wait(attempt) waits before a conflicting transaction is sent again."""
    refused: list[Refused] = []
    for packed in _pack(groups):
        refused += _write_packed(dynamodb, groups, packed, attempts, wait)
    return refused


def _pack(groups: list[list[dict]]) -> list[list[int]]:
    """Group indexes in transactions of at most TRANSACTION_LIMIT actions, in order."""
    packs, current, size = [], [], 0
    for index, group in enumerate(groups):
        if len(group) > TRANSACTION_LIMIT:
            raise ValueError(f"a group of {len(group)} actions does not fit in one transaction")
        if size + len(group) > TRANSACTION_LIMIT:
            packs.append(current)
            current, size = [], 0
        current.append(index)
        size += len(group)
    return [*packs, current] if current else packs


def _write_packed(dynamodb, groups: list[list[dict]], pending: list[int], attempts: int, wait) -> list[Refused]:
    refused: list[Refused] = []
    for attempt in range(attempts):
        if not pending:
            return refused
        actions = [(index, position, action) for index in pending for position, action in enumerate(groups[index])]
        try:
            dynamodb.transact_write_items(TransactItems=[action for _, _, action in actions])
            return refused
        except ClientError as error:
            reasons = _reasons(error)
        lost = {}
        for (index, position, _), reason in zip(actions, reasons, strict=True):
            if reason.get("Code") == "ConditionalCheckFailed" and index not in lost:
                item = reason.get("Item")
                lost[index] = Refused(index, position, deserialise(item) if item else None)
        codes = {reason.get("Code") for reason in reasons} - {"None", "ConditionalCheckFailed", None}
        if codes - RETRIED:
            raise RuntimeError(f"transaction refused: {sorted(codes)}")
        refused += lost.values()
        pending = [index for index in pending if index not in lost]
        if codes or not lost:
            wait(attempt)
    raise RuntimeError(f"transaction of {len(pending)} groups still conflicting after {attempts} attempts")


def _reasons(error: ClientError) -> list[dict]:
    reasons = error.response.get("CancellationReasons")
    if error.response["Error"]["Code"] != "TransactionCanceledException" or not reasons:
        raise error
    return reasons
