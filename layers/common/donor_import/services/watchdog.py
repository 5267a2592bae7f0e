"""The watchdog: no import stays In Progress forever."""

from datetime import UTC, datetime, timedelta

from aws_lambda_powertools import Logger

from ..config import settings
from ..data import imports_repo
from ..domain.imports import Stage
from .finalizer import fail, finalize

logger = Logger(child=True)

# Waiting for the user is not being stuck: the mapping step may wait as long as the file is kept.
WAITING_FOR_USER = {Stage.MAPPING: timedelta(days=7)}


def sweep(now: datetime | None = None) -> list[str]:
    """End the imports that made no progress for stall_seconds; returns their ids."""
    now = now or datetime.now(UTC)
    stall = timedelta(seconds=settings().stall_seconds)
    before = (now - stall).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    ended = []
    for org_id, import_id in imports_repo.stalled(before):
        record = imports_repo.get(org_id, import_id)
        if record is None or record["status"] != "In Progress":
            continue
        idle = now - datetime.fromisoformat(record["updated_at"].replace("Z", "+00:00"))
        if idle < WAITING_FOR_USER.get(record["stage"], stall):
            continue
        if _end(record, idle):
            ended.append(import_id)
    return ended


def _end(record: dict, idle: timedelta) -> bool:
    org_id, import_id, stage = record["org_id"], record["import_id"], record["stage"]
    every_batch_counted = stage == Stage.PROCESSING and record["batches_done"] >= record["batches_total"]
    if stage == Stage.FINALIZING or every_batch_counted:
        # The work is done; only the ending was lost (a crash while finalizing): end it now.
        logger.warning("finishing a stalled import", extra={"import_id": import_id, "stage": stage})
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
