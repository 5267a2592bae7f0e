"""The validation run: checks the file (its columns, required columns, date orders) and sends its rows on in
batches, which the processors validate row by row (see row_stream for the loop); a long file is validated in
parts, each continued from a checkpoint by a new invocation."""

from collections.abc import Callable
from itertools import chain, islice

from aws_lambda_powertools import Logger

from ..config import settings
from ..data import aws
from ..data.stores import Stores
from ..domain import mapping as mappings
from ..domain.import_record import FailureKind, Import, Stage
from ..domain.import_types import type_spec
from ..domain.lifecycle import CHECKPOINT, NOTE, START_PROCESSING
from ..domain.reader import Table, UnreadableFile
from ..domain.row_validation import Options, RowValidator, with_constants
from .ending.finalizer import fail, finalize_if_complete
from .intake import on_upload
from .row_stream import Progress, TooManyRows, ValidationStopped, stream_rows
from .uploaded_file import opened

logger = Logger(child=True)

DATE_ORDER_ROWS = 10_000
DUPLICATE_HOPS = 5


def on_validation_request(stores: Stores, org_id: str, import_id: str, time_left: Callable[[], float],
                          retries: int = 0) -> None:
    """A mapping was confirmed, an import retried, or a validation continues: validate it, or read it
    afresh when it has no mapping yet; unless another delivery got there first."""
    record = stores.imports.get(org_id, import_id)
    if record and record.stage == Stage.VALIDATING:
        validate(stores, org_id, import_id, time_left, retries=retries)
    elif record and record.stage == Stage.AWAITING_UPLOAD:
        on_upload(stores, record.file_key)
    else:
        logger.info("validation request for an import not waiting for it: ignored", extra={"import_id": import_id})


def validate(stores: Stores, org_id: str, import_id: str, time_left: Callable[[], float] = lambda: float("inf"),
             retries: int = 0) -> None:
    """Check the file and send its rows on in batches; near the time limit, stop at a checkpoint and ask
    for a continuation, which picks up from there. A transient AWS error asks for a validation again, which
    starts from the last checkpoint (batches sent again keep their numbers: they are counted once)."""
    record = stores.imports.get(org_id, import_id)
    progress = Progress.from_dict(record.checkpoint)
    try:
        with opened(stores, record) as (_path, table):
            if not record.checkpoint:
                _refuse_running_duplicate(stores, record)
            finished = _validate_part(stores, record, table, progress, not record.checkpoint, time_left)
    except ValidationStopped as stopped:
        logger.info("validation stopped", extra={"import_id": import_id, "why": str(stopped)})
        return
    except (UnreadableFile, TooManyRows, DuplicateRunning) as error:
        kind = FailureKind.DUPLICATE_FILE if isinstance(error, DuplicateRunning) else FailureKind.BAD_FILE
        fail(stores, org_id, import_id, str(error), kind)
        return
    except Exception as error:
        if aws.is_transient(error) and retries < settings().validator_transient_retries:
            logger.warning("validation stopped by a transient AWS error: asked for again",
                           extra={"import_id": import_id, "error": str(error), "retries": retries + 1})
            stores.queues.request_validation(org_id, import_id, retries + 1, settings().validator_retry_seconds)
            return
        logger.exception("validation stopped by a system error", extra={"import_id": import_id})
        fail(stores, org_id, import_id, "a system error stopped the import while validating; retry it, and if it "
                                "fails again, contact support with the import id", FailureKind.SYSTEM)
        return
    if finished is None:
        return
    if not finished:
        stores.imports.apply(org_id, import_id, CHECKPOINT,
                             {"checkpoint": progress.to_dict(), "rows_validated": progress.rows})
        stores.queues.request_validation(org_id, import_id)
        logger.info("validation continues in a new invocation", extra={"import_id": import_id, "rows": progress.rows})
        return
    counts = {"rows_total": progress.rows, "rows_validated": progress.rows, "batches_total": progress.batches}
    stores.imports.apply(org_id, import_id, START_PROCESSING, counts)
    logger.info("validated", extra={"import_id": import_id, **counts})
    finalize_if_complete(stores, org_id, import_id)


BEING_IMPORTED = (Stage.VALIDATING, Stage.PROCESSING, Stage.FINALIZING)


class DuplicateRunning(Exception):
    """The file's content is being imported by another import still In Progress."""


def _refuse_running_duplicate(stores: Stores, record: Import) -> None:
    """Refuse a file whose content another import of its type is importing (past its mapping step: one left
    waiting there holds nothing up), unless the user asked to import it anyway. Follows duplicate_of a few
    hops: an import refused this way took the content hash's place, but the one it points to may still be
    running."""
    if record.allow_duplicate_file:
        return
    seen, earlier_id = set(), record.duplicate_of
    while earlier_id and earlier_id not in seen and len(seen) < DUPLICATE_HOPS:
        seen.add(earlier_id)
        earlier = stores.imports.get(record.org_id, earlier_id)
        if earlier and earlier.stage in BEING_IMPORTED and earlier.import_type == record.import_type:
            raise DuplicateRunning(
                f"the same file is being imported by import {earlier_id} (started {earlier.created_at}), "
                "which is still in progress; wait for it to end, or start a new import with "
                '"allow_duplicate_file": true to import it again anyway')
        earlier_id = earlier and earlier.duplicate_of


def _validate_part(stores: Stores, record: Import, table: Table, progress: Progress, first: bool,
                   time_left: Callable[[], float]) -> bool | None:
    """True when the file is done, False at a checkpoint, None when the import failed."""
    org_id, import_id = record.org_id, record.import_id
    spec = type_spec(record.import_type)
    mapping = {h: f for h, f in (record.mapping or {}).items() if h in table.headers}
    options = Options.from_dict(record.options)
    missing = mappings.missing_required(with_constants(mapping, options), spec)
    if missing:
        fail(stores, org_id, import_id, f"the file lacks the required column(s) for {', '.join(missing)}",
             FailureKind.BAD_FILE)
        return None
    validator = RowValidator.for_file(spec.name, mapping, table.headers, options)
    if first:
        head = list(islice(table.rows, DATE_ORDER_ROWS))
        if not head:
            fail(stores, org_id, import_id, "the file has a header row but no data rows", FailureKind.BAD_FILE)
            return None
        validator.learn_date_orders([cells for _, cells in head])
        progress.date_orders = validator.context["date_orders"]
        stores.imports.apply(org_id, import_id, NOTE, {"headers": table.headers})
        rows = chain(head, table.rows)
    else:
        validator.context["date_orders"] = dict(progress.date_orders)
        rows = islice(table.rows, progress.rows, None)
    return stream_rows(stores, record, rows, validator, progress, time_left, table.cut)


