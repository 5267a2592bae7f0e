"""The watchdog: no import stays In Progress forever.

Its limit (stall_seconds) is longer than SQS may still redeliver a batch (the batch queue's visibility timeout
times its maxReceiveCount; a test holds the template to that), so an import it ends is not live any more. Each
stalled import is handled on its own, within the invocation's time: one that fails or is slow cannot hold up
the others, which the next sweep finds again."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from aws_lambda_powertools import Logger

from ... import telemetry
from ...config import settings
from ...data.imports_repo import now, parse_stamp, stamp
from ...data.stores import Stores
from ...domain.import_record import FailureKind, Import, Stage, Status
from ...domain.lifecycle import ASK_FINALIZATION_AGAIN
from .finalizer import fail, finalize_if_complete

logger = Logger(child=True)


def _waiting_for_user() -> dict[Stage, timedelta]:
    """Waiting for the user is not being stuck: the mapping step waits mapping_expiry_seconds, then expires."""
    return {Stage.MAPPING: timedelta(seconds=settings().mapping_expiry_seconds)}


def sweep(stores: Stores, moment: datetime | None = None,
          time_left: Callable[[], float] = lambda: float("inf")) -> list[str]:
    """End (or finish) the imports that made no progress for stall_seconds; returns their ids. Publishes how long
    the stalest of them (waiting for the user aside) went without progress, 0 for none: an alarm sees an
    import the watchdog fails to end."""
    moment = moment or datetime.now(UTC)
    stall = timedelta(seconds=settings().stall_seconds)
    handled, oldest = [], timedelta(0)
    for org_id, import_id in stores.imports.stalled(stamp(moment - min(stall, *_waiting_for_user().values()))):
        if time_left() < settings().watchdog_safety_seconds:
            logger.warning("sweep out of time: the other stalled imports wait for the next one")
            break
        try:
            ended, idle = _handle(stores, org_id, import_id, moment, stall)
        except Exception:
            logger.exception("stalled import not handled; the next sweep tries again", extra={"import_id": import_id})
            continue
        oldest = max(oldest, idle)
        if ended:
            handled.append(import_id)
    telemetry.seconds("OldestActiveImportAgeSeconds", oldest.total_seconds())
    return handled


def _handle(stores: Stores, org_id: str, import_id: str, moment: datetime, stall: timedelta) -> tuple[bool, timedelta]:
    """(whether the import was ended or finished, how long it went without progress unless it waits for the
    user)."""
    record = stores.imports.get(org_id, import_id)
    if record is None or record.status != Status.IN_PROGRESS:
        return False, timedelta(0)
    idle = moment - parse_stamp(record.updated_at)
    waiting = _waiting_for_user().get(record.stage)
    if idle < (waiting or stall):
        return False, timedelta(0) if waiting else idle
    return _end(stores, record, idle), timedelta(0) if waiting else idle


def _end(stores: Stores, record: Import, idle: timedelta) -> bool:
    org_id, import_id, stage, attempt = record.org_id, record.import_id, record.stage, record.attempt
    if stage == Stage.FINALIZING:
        # Its finalization crashed, timed out or was lost: ask for it again (and wait a full limit before the next).
        logger.warning("finalize request sent again", extra={"import_id": import_id})
        if not stores.imports.apply(org_id, import_id, ASK_FINALIZATION_AGAIN, {"finalize_requested_at": now()},
                                    attempt=attempt):
            return False
        stores.queues.request_finalization(org_id, import_id, attempt)
        return True
    if stage == Stage.PROCESSING and record.batches_done >= record.batches_total:
        # The work is done; only the flip was lost (a crash before it). Through the flip, so that a processor
        # finishing now cannot end it too.
        logger.warning("finishing a stalled import", extra={"import_id": import_id, "stage": stage})
        return finalize_if_complete(stores, org_id, import_id)
    idle_for = _duration(idle)
    expired = {
        Stage.AWAITING_UPLOAD: f"no file was uploaded within {idle_for}",
        Stage.MAPPING: f"the column mapping was not confirmed within {idle_for}: the import expired; upload the file "
                       "again to import it",
    }
    if stage in expired:
        return fail(stores, org_id, import_id, expired[stage], FailureKind.EXPIRED)
    reason = (f"the import stopped making progress at stage '{stage}' "
              f"({record.rows_processed:,} of {record.rows_total:,} rows done) for {idle_for}; retry it")
    return fail(stores, org_id, import_id, reason, FailureKind.STALLED)


def _duration(idle: timedelta) -> str:
    seconds = int(idle.total_seconds())
    if seconds >= 2 * 86400:
        return f"{seconds // 86400} days"
    if seconds >= 2 * 3600:
        return f"{seconds // 3600} hours"
    return f"{seconds // 60} minutes" if seconds >= 120 else f"{seconds} seconds"
