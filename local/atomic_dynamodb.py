"""DynamoDB requests to moto, one at a time, as atomic as the real service.

Real DynamoDB applies a conditional write or a TransactWriteItems atomically. moto does not under
concurrent requests: a transaction deep-copies whole tables, applies its items one by one, and on a
failed condition puts the copies back, undoing what other requests wrote in between (and half of a
transaction running at that moment). Under the local stack's parallel workers that counted a batch twice.
Serialising moto's DynamoDB handler restores the service's guarantees, which the pipeline relies on.
"""

import functools
import threading

from moto.dynamodb.responses import DynamoHandler

_lock = threading.RLock()


def install() -> None:
    """Idempotent: every moto DynamoDB request in this process runs under one lock."""
    call_action = DynamoHandler.call_action
    if getattr(call_action, "serialised", False):
        return

    @functools.wraps(call_action)
    def serialised_call_action(self):
        with _lock:
            return call_action(self)

    serialised_call_action.serialised = True
    DynamoHandler.call_action = serialised_call_action
