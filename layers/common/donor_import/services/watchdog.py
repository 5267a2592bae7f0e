"""The watchdog: no import stays In Progress forever."""

from datetime import UTC, datetime, timedelta

from aws_lambda_powertools import Logger

from .. import telemetry
from ..config import settings
from ..data import imports_repo
from ..domain.imports import Stage
from .finalizer import fail, finalize, finalize_if_complete

logger = Logger(child=True)

# Waiting for the user is not being stuck: the mapping step may wait as long as the file is kept.
WAITING_FOR_USER = {Stage.MAPPING: timedelta(days=7)}


def sweep(now: datetime | None = None) -> list[str]:
    """End the imports that made no progress for stall_seconds; returns their ids. Publishes how long the
    stalest of them (waiting for the user aside) went without progress, 0 for none: an alarm sees an
    import the watchdog fails to end."""
    now = now or datetime.now(UTC)
    stall = timedelta(seconds=settings().stall_seconds)
    before = imports_repo.stamp(now - stall)
    ended, oldest = [], timedelta(0)
    for org_id, import_id in imports_repo.stalled(before):
        record = imports_repo.get(org_id, import_id)
        if record is None or record["status"] != "In Progress":
            continue
        idle = now - imports_repo.parse_stamp(record["updated_at"])
        if record["stage"] not in WAITING_FOR_USER:
            oldest = max(oldest, idle)
        if idle < WAITING_FOR_USER.get(record["stage"], stall):
            continue
        if _end(record, idle):
            ended.append(import_id)
    telemetry.seconds("OldestActiveImportAgeSeconds", oldest.total_seconds())
    return ended


def _end(record: dict, idle: timedelta) -> bool:
    org_id, import_id, stage = record["org_id"], record["import_id"], record["stage"]
    every_batch_counted = stage == Stage.PROCESSING and record["batches_done"] >= record["batches_total"]
    if stage == Stage.FINALIZING or every_batch_counted:
        # The work is done; only the ending was lost (a crash while finalizing, or before its flip): end it now.
        logger.warning("finishing a stalled import", extra={"import_id": import_id, "stage": stage})
        if every_batch_counted:  # through the flip, so that a processor finishing now cannot end it too
            return finalize_if_complete(org_id, import_id)
        finalize(record)
        return True
    seconds = int(idle.total_seconds())
    idle_for = f"{seconds // 60} minutes" if seconds >= 120 else f"{seconds} seconds"
    reasons = {
        Stage.AWAITING_UPLOAD: "no file was uploaded",
        Stage.MAPPING: "the mapping was never confirmed and the file is no longer kept",
    }
    reason = reasons.get(stage) or (
        f"the import stopped making progress at stage '{stage}' "
        f"({record['batches_done']} of {record['batches_total']} batches done) for {idle_for}; retry it"
    )
    return fail(org_id, import_id, reason)
