"""DynamoDB requests to moto, one at a time, as atomic as the real service.

Real DynamoDB applies a conditional write or a TransactWriteItems atomically. moto does not under
concurrent requests: a transaction deep-copies whole tables, applies its items one by one, and on a
failed condition puts the copies back, undoing what other requests wrote in between (and half of a
transaction running at that moment). Under the local stack's parallel workers that counted a batch twice.
Serialising moto's DynamoDB handler restores the service's guarantees, which the pipeline relies on.
"""

import copy
import functools
import threading
import types

from moto.dynamodb import models
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
    _one_backup_a_table()


def _one_backup_a_table() -> None:
    """moto backs up a table for rollback by deep-copying it once per action of a TransactWriteItems: a
    100-action transaction copied a 10,000-item table 100 times (minutes and gigabytes for a 2,000-row
    import). The backups of one transaction are the same state, so one copy a table serves them all."""
    transact = models.DynamoDBBackend.transact_write_items

    @functools.wraps(transact)
    def transact_with_one_backup(self, transact_items):
        copies: dict[int, object] = {}

        def deepcopy_once(value, memo=None):
            if not isinstance(value, models.Table):  # an item: copied as moto does
                return copy.deepcopy(value, memo)
            if id(value) not in copies:  # tables live through the transaction: their ids stay theirs
                copies[id(value)] = copy.deepcopy(value, memo)
            return copies[id(value)]

        models.copy = types.SimpleNamespace(deepcopy=deepcopy_once)
        try:
            return transact(self, transact_items)
        finally:
            models.copy = copy

    models.DynamoDBBackend.transact_write_items = transact_with_one_backup
