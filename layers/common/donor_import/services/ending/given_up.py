"""Validator work that ran out of retries: an S3 event the validator failed on every attempt (its OnFailure
destination) or a validation request that failed every delivery (the validation dead-letter queue). Its
import ends Failed with a reason, instead of waiting for the watchdog.

Each ends the import only from the stages that work was meant to move it out of, and only when the import
was not retried since the work was asked for: a late or duplicate record changes nothing."""

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger

from ...data.file_keys import parse_upload_key
from ...data.imports_repo import parse_stamp, stamp
from ...data.stores import Stores
from ...domain.import_record import FailureKind, Stage
from ...domain.lifecycle import NOTE
from .finalizer import fail

logger = Logger(child=True)

REASON = "the file could not be read: system error, retry it"
UPLOAD_STAGES = (Stage.AWAITING_UPLOAD,)
VALIDATION_STAGES = (Stage.AWAITING_UPLOAD, Stage.VALIDATING)
# retried_at is the function's clock, an event's time S3's or SQS's: a retry counts as later only beyond this.
CLOCK_SKEW = timedelta(seconds=5)


def upload_given_up(stores: Stores, destination: dict) -> list[str]:
    """The ids of the imports ended for the S3 event of an OnFailure destination record."""
    ended = []
    for record in destination.get("requestPayload", {}).get("Records", []):
        key = unquote_plus(record["s3"]["object"]["key"])  # URL-encoded in the event, as S3 sent it
        try:
            org_id, import_id, _ = parse_upload_key(key)
        except ValueError:
            logger.warning("a given-up S3 event outside the upload layout", extra={"key": key})
            continue
        uploaded_at = parse_stamp(record["eventTime"]) if "eventTime" in record else datetime.now(UTC)
        # The file is there, so a retry can read it (the version this event named): it is as old as its upload.
        upload = {"uploaded_at": stamp(uploaded_at),
                  "file_version": record["s3"]["object"].get("versionId")}
        if _end(stores, org_id, import_id, UPLOAD_STAGES, uploaded_at, key, upload):
            ended.append(import_id)
    return ended


def validation_given_up(stores: Stores, request: dict, sent_at: datetime | None) -> bool:
    """End the import of a validation request that reached the dead-letter queue."""
    return _end(stores, request["org_id"], request["import_id"], VALIDATION_STAGES, sent_at)


def sent_time(sent_timestamp: str | None) -> datetime | None:
    """An SQS SentTimestamp (milliseconds; kept when a message is moved to its dead-letter queue)."""
    return datetime.fromtimestamp(int(sent_timestamp) / 1000, UTC) if sent_timestamp else None


def _end(stores: Stores, org_id: str, import_id: str, stages: tuple[Stage, ...], asked_at: datetime | None,
         key: str | None = None, changes: dict | None = None) -> bool:
    record = stores.imports.get(org_id, import_id)
    if record is None or record.stage not in stages or (key and record.file_key != key):
        logger.info("given-up work for an import that moved on: ignored",
                    extra={"import_id": import_id, "stage": record and record.stage})
        return False
    retried_at = record.retried_at
    if retried_at and asked_at and parse_stamp(retried_at) > asked_at + CLOCK_SKEW:
        logger.info("given-up work of an attempt before a retry: ignored", extra={"import_id": import_id})
        return False
    logger.warning("the validator gave up; the import fails", extra={"import_id": import_id})
    if changes and not stores.imports.apply(org_id, import_id, NOTE.within(stages), changes):
        return False
    return fail(stores, org_id, import_id, REASON, FailureKind.SYSTEM, leaving=stages)
