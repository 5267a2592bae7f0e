"""The validator's hot loop: rows in, valid ones out in batches on SQS, rejected ones to a gzipped log on S3,
with a checkpoint when the invocation runs short of time."""

import gzip
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from .. import telemetry
from ..config import settings
from ..data import files, imports_repo, queues
from ..domain.batch_message import encode_rows
from ..domain.imports import Stage, rejected_key
from ..domain.validation import Rejected, RowValidator

MAX_MESSAGE_BYTES = 200 * 1024
CHECK_EVERY_ROWS = 1000
HEARTBEAT_SECONDS = 10


class TooManyRows(ValueError):
    pass


@dataclass
class Progress:
    """How far validation got: saved on the import at a checkpoint, so a continuation resumes there."""

    part: int = 0  # invocations done; each writes its own part of the rejected rows
    rows: int = 0  # data rows read
    rejected: int = 0
    batches: int = 0  # batches sent; the next batch is batches + 1
    date_orders: dict = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict | None) -> "Progress":
        return cls(**data) if data else cls()

    def to_dict(self) -> dict:
        return asdict(self)


def stream_rows(record: dict, rows: Iterable[tuple[int, list[str]]], validator: RowValidator, progress: Progress,
                time_left: Callable[[], float]) -> bool:
    """Validate rows until they end (True) or time runs short (False); progress is updated either way."""
    org_id, import_id = record["org_id"], record["import_id"]
    batcher = Batcher(record, progress.batches)
    rows_before = progress.rows
    heartbeat = time.monotonic() + HEARTBEAT_SECONDS
    finished = True
    with RejectedLog() as rejected:
        for number, cells in rows:
            progress.rows += 1
            verdict = validator.validate(number, cells)
            if isinstance(verdict, Rejected):
                rejected.add(number, cells, verdict.reason)
            else:
                batcher.add(number, cells, verdict)
            if progress.rows > settings().max_rows:
                raise TooManyRows(f"the file has more than {settings().max_rows:,} rows: split it into smaller files")
            if progress.rows % CHECK_EVERY_ROWS == 0:
                if time_left() < settings().validator_safety_seconds:
                    finished = False
                    break
                if time.monotonic() > heartbeat:
                    imports_repo.update(org_id, import_id, {"rows_validated": progress.rows},
                                        from_stages=(Stage.VALIDATING.value,))
                    heartbeat = time.monotonic() + HEARTBEAT_SECONDS
        batcher.flush()
        rejected.close()
        files.upload_file(rejected.path, rejected_key(org_id, import_id, record.get("attempt", 1), progress.part),
                          "application/gzip")
    telemetry.count("RowsValidated", progress.rows - rows_before)
    telemetry.count("RowsRejected", rejected.count)
    progress.rejected += rejected.count
    progress.batches = batcher.batches
    progress.part += 1
    return finished


class RejectedLog:
    """Rejected rows, gzipped JSON lines in a temporary file: memory stays flat however many there are."""

    def __enter__(self):
        handle, self.path = tempfile.mkstemp(suffix=".jsonl.gz")
        os.close(handle)
        self.file = gzip.open(self.path, "wt", encoding="utf-8")
        self.count = 0
        return self

    def add(self, row: int, cells: list[str], reason: str) -> None:
        self.file.write(json.dumps({"row": row, "cells": cells, "reason": reason}) + "\n")
        self.count += 1

    def close(self) -> None:
        self.file.close()

    def __exit__(self, *_exc) -> None:
        self.file.close()
        os.remove(self.path)


class Batcher:
    """Cuts valid rows into batches (by rows, and by bytes for SQS) and sends them ten at a time."""

    def __init__(self, record: dict, batches_sent: int):
        self.header = {"org_id": record["org_id"], "import_id": record["import_id"],
                       "import_type": record["import_type"], "attempt": record.get("attempt", 1)}
        self.rows: list[dict] = []
        self.pending: list[dict] = []
        self.batches = batches_sent

    def add(self, number: int, cells: list[str], clean: dict) -> None:
        self.rows.append({"row": number, "cells": cells, "record": clean})
        if len(self.rows) >= settings().batch_rows:
            self._cut(self.rows)
            self.rows = []

    def _cut(self, rows: list[dict]) -> None:
        payload = encode_rows(rows)
        if len(payload) > MAX_MESSAGE_BYTES and len(rows) > 1:
            half = len(rows) // 2
            self._cut(rows[:half])
            self._cut(rows[half:])
            return
        self.batches += 1
        self.pending.append({**self.header, "batch_no": self.batches, "rows": payload})
        if len(self.pending) >= queues.MAX_MESSAGES:
            self._send()

    def _send(self) -> None:
        queues.send_batches(self.pending)
        self.pending = []

    def flush(self) -> None:
        if self.rows:
            self._cut(self.rows)
            self.rows = []
        if self.pending:
            self._send()
