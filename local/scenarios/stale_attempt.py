"""A retry after the watchdog, with late attempt-1 batches: the counts are exact.

An import is failed (as the watchdog fails one it takes for stalled) while it validates; it is retried, and
then every batch of attempt 1 arrives late, as SQS redelivers batches a slow or crashed processor held. The
late batches must be dropped: attempt 2 alone is counted, each row once."""

import time

from donor_import.data.stores import build
from donor_import.domain.import_record import FailureKind
from donor_import.domain.import_types import ImportType
from donor_import.domain.row_validation import Options, RowValidator
from donor_import.services.ending.finalizer import fail
from donor_import.services.row_stream import Batcher

from ..client import Client

ROWS = 1200
HEADERS = ["Email", "First Name"]
MAPPING = {"Email": "email", "First Name": "first_name"}
ORG = "org-a"  # the client's token


def _rows() -> list[tuple[int, list[str]]]:
    return [(n + 2, [f"late{n}@example.org", f"Late{n}"]) for n in range(ROWS)]


def _file() -> bytes:
    return ("\n".join([",".join(HEADERS), *(",".join(cells) for _, cells in _rows())]) + "\n").encode()


def _fail_while_validating(client: Client, import_id: str, timeout: float = 60) -> bool:
    """Fail the import as the watchdog does, once its file is uploaded and validation has begun."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get_import(import_id)["stage"] != "awaiting_upload":
            return fail(build(), ORG, import_id, "the import stopped making progress (stale-attempt scenario)",
                        FailureKind.STALLED)
        time.sleep(0.05)
    return False


def _send_attempt_1_batches(import_id: str) -> int:
    """The batches attempt 1's validator sent, sent again: what a late redelivery hands the processors."""
    validator = RowValidator.for_file(ImportType.CONTACTS, MAPPING, HEADERS, Options())
    validator.learn_date_orders([cells for _, cells in _rows()])
    stores = build()
    attempt_1 = stores.imports.get(ORG, import_id).model_copy(update={"attempt": 1})
    batcher = Batcher(stores.queues, attempt_1, validator, 0)
    for number, cells in _rows():
        batcher.add(number, cells)
    batcher.flush()
    return batcher.batches


def run(stack, client: Client) -> list[str]:
    started = time.monotonic()
    created = client.create_import("contacts", "stale-attempt.csv", MAPPING)
    import_id = created["import"]["import_id"]
    client.upload(created["upload"], _file(), "stale-attempt.csv")
    if not _fail_while_validating(client, import_id):
        return [f"{import_id}: could not fail attempt 1 while it validated (it ended first)"]
    client.json("POST", f"/imports/{import_id}/retry")
    late = _send_attempt_1_batches(import_id)
    shown = client.wait_done(import_id, timeout=300)
    record = build().imports.get(ORG, import_id)
    facts = {
        "Success": shown["status"] == "Success",
        "rows_total exact": shown["rows_total"] == ROWS,
        "rows_processed exact": shown["rows_processed"] == ROWS,
        "no errors": shown["rows_with_errors"] == 0,
        "batches done = batches total": shown["batches_done"] == shown["batches_total"],
        "contacts exact": shown["contacts"] == ROWS,
        "attempt 2": record.attempt == 2,
    }
    print(f"stale attempt: {late} late attempt-1 batches; attempt 2: {shown['rows_processed']}/{ROWS} processed, "
          f"{shown['batches_done']}/{shown['batches_total']} batches, {shown['contacts']} contacts, "
          f"{shown['status']} in {time.monotonic() - started:.1f} s")
    return [f"{import_id}: {name}" for name, held in facts.items() if not held]
