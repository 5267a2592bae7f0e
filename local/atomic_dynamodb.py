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
    _item_backups()


def _item_backups() -> None:
    """moto backs a TransactWriteItems up by deep-copying every table it touches (once per action), which made
    a 2,000-row import take minutes and gigabytes. Requests run one at a time here, so the items the
    transaction names are all it can change: those are backed up instead, and put back when it is cancelled."""
    transact = models.DynamoDBBackend.transact_write_items

    @functools.wraps(transact)
    def transact_with_item_backups(self, transact_items):
        try:
            backups = [_backup(self, next(iter(action.values()))) for action in transact_items]
        except Exception:  # an action moto is about to refuse: its own path, with its own error
            return transact(self, transact_items)
        models.copy = _TABLES_KEPT
        try:
            return transact(self, transact_items)
        except Exception:
            for table_name, key, old in backups:
                _restore(self, table_name, key, old)
            raise
        finally:
            models.copy = copy

    models.DynamoDBBackend.transact_write_items = transact_with_item_backups


# moto's table backups become the tables themselves (its rollback then puts back what is already there).
_TABLES_KEPT = types.SimpleNamespace(
    deepcopy=lambda value, memo=None: value if isinstance(value, models.Table) else copy.deepcopy(value, memo))


def _backup(backend, op: dict) -> tuple[str, dict, dict | None]:
    table = backend.get_table(op["TableName"])
    key = op.get("Key") or {name: op["Item"][name] for name in (table.hash_key_attr, table.range_key_attr) if name}
    old = backend.get_item(op["TableName"], key)
    return op["TableName"], key, old.to_json()["Attributes"] if old else None


def _restore(backend, table_name: str, key: dict, old: dict | None) -> None:
    if old is None:
        if backend.get_item(table_name, key):
            backend.delete_item(table_name, key)
    else:
        backend.put_item(table_name, old)
