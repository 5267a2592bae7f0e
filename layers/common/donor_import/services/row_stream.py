"""The validator's hot loop: rows in, batches of raw rows out on SQS, with a checkpoint when the invocation
runs short of time.

Rows are validated field by field in the processors, which run in parallel; here each row costs only the
reading and the batching (the file-level checks, the mapping and the date orders are settled before)."""

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from .. import telemetry
from ..config import settings
from ..data.ports import MessageQueues
from ..data.queues import MAX_MESSAGES
from ..data.stores import Stores
from ..domain.batch_message import encode_rows
from ..domain.import_record import Import
from ..domain.lifecycle import HEARTBEAT
from ..domain.row_validation import RowValidator, long_cell_problems
from .file_conflicts import FileConflicts

MAX_MESSAGE_BYTES = 200 * 1024  # a batch's whole body, its header (with the context) and its rows
CHECK_EVERY_ROWS = 1000
HEARTBEAT_SECONDS = 10


class TooManyRows(ValueError):
    pass


@dataclass
class Progress:
    """How far validation got: saved on the import at a checkpoint, so a continuation resumes there."""

    rows: int = 0  # data rows read
    batches: int = 0  # batches sent; the next batch is batches + 1
    date_orders: dict = field(default_factory=dict)
    ledger: str | None = None  # the files-bucket key of the file ledger's state (FileConflicts.save)

    @classmethod
    def from_dict(cls, data: dict | None) -> "Progress":
        return cls(**data) if data else cls()

    def to_dict(self) -> dict:
        return asdict(self)


class ValidationStopped(Exception):
    """The import left validation while its rows were read (a user cancelled it): no more batches are sent."""


def stream_rows(stores: Stores, record: Import, rows: Iterable[tuple[int, list[str]]], validator: RowValidator,
                progress: Progress, time_left: Callable[[], float],
                cut: dict[int, list[tuple[str, int]]] | None = None) -> bool:
    """Batch rows until they end (True) or time runs short (False); progress is updated either way (with the
    file ledger's state saved at a checkpoint).

    `cut` is the reader's Table.cut: the rows whose cells were cut to the cell limit go on rejected, as do the rows
    the file's ledger finds in conflict with an earlier row."""
    conflicts = FileConflicts.of_run(stores, validator, progress.ledger)
    org_id, import_id = record.org_id, record.import_id
    batcher = Batcher(stores.queues, record, validator, progress.batches)
    heartbeat = time.monotonic() + HEARTBEAT_SECONDS
    rows_before, max_rows = progress.rows, settings().max_rows
    finished = True
    for number, cells in rows:
        progress.rows += 1
        long_cells = cut.pop(number, None) if cut else None
        batcher.add(number, cells, long_cell_problems(long_cells) if long_cells
                    else conflicts and conflicts.problems(number, cells))
        if progress.rows % CHECK_EVERY_ROWS == 0:
            if progress.rows > max_rows:
                raise TooManyRows(f"the file has more than {max_rows:,} rows: split it into smaller files")
            if time_left() < settings().validator_safety_seconds:
                finished = False
                break
            if time.monotonic() > heartbeat:
                if not stores.imports.apply(org_id, import_id, HEARTBEAT, {"rows_validated": progress.rows}):
                    raise ValidationStopped(f"import {import_id} is no longer validating (cancelled or ended)")
                heartbeat = time.monotonic() + HEARTBEAT_SECONDS
    if progress.rows > max_rows:
        raise TooManyRows(f"the file has more than {max_rows:,} rows: split it into smaller files")
    batcher.flush()
    if conflicts and not finished:
        progress.ledger = conflicts.save(stores, record, progress.rows)
    telemetry.count("RowsValidated", progress.rows - rows_before)
    progress.batches = batcher.batches
    return finished


class Batcher:
    """Cuts rows into batches (by rows, and by bytes for SQS) and sends them ten at a time. Each batch says
    how to read its rows: the mapped columns and the file's context."""

    def __init__(self, queues: MessageQueues, record: Import, validator: RowValidator, batches_sent: int):
        self.queues = queues
        self.header = {**record.model_dump(include={"org_id", "import_id", "import_type", "attempt"}),
                       "columns": validator.columns, "context": validator.context}
        # The context carries the organisation's lists and dictionaries: what is left for the rows (16: batch_no).
        self.room = MAX_MESSAGE_BYTES - len(json.dumps({**self.header, "batch_no": 0, "rows": ""},
                                                       separators=(",", ":"))) - 16
        self.rows: list[list] = []
        self.pending: list[dict] = []
        self.batches = batches_sent
        self.size = settings().batch_rows

    def add(self, number: int, cells: list[str], problems: list[tuple[str | None, str]] | None = None) -> None:
        """A row; one rejected already (cells over the cell limit, a conflict) goes with its problems."""
        self.rows.append([number, cells, problems] if problems else [number, cells])
        if len(self.rows) >= self.size:
            self._cut(self.rows)
            self.rows = []

    def _cut(self, rows: list[list]) -> None:
        payload = encode_rows(rows)
        if len(payload) > self.room and len(rows) > 1:
            half = len(rows) // 2
            self._cut(rows[:half])
            self._cut(rows[half:])
            return
        self.batches += 1
        self.pending.append({**self.header, "batch_no": self.batches, "rows": payload})
        if len(self.pending) >= MAX_MESSAGES:
            self._send()

    def _send(self) -> None:
        self.queues.send_batches(self.pending)
        self.pending = []

    def flush(self) -> None:
        if self.rows:
            self._cut(self.rows)
            self.rows = []
        if self.pending:
            self._send()
