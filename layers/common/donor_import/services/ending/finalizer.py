"""Ending an import exactly once: contacts counted, error workbook written, Success or Failed.

The flip to `finalizing` queues a finalize request; the finalizer function (on its own queue, with the time
and memory a large workbook needs) does the rest."""

from collections import Counter

from aws_lambda_powertools import Logger

from ... import telemetry
from ...data.file_keys import BatchFile, batch_files_prefix, import_contacts_key, import_possible_duplicates_key
from ...data.imports_repo import now
from ...data.stores import Stores
from ...domain.import_record import FailureKind, Import, Stage, Status
from ...domain.lifecycle import FAIL, FINISH, OPEN_STAGES, START_FINALIZING
from . import rejected_files

logger = Logger(child=True)



def fail(stores: Stores, org_id: str, import_id: str, reason: str, kind: FailureKind,
         leaving: tuple[Stage, ...] = OPEN_STAGES) -> bool:
    """End an import that processed nothing, with a reason a person understands and its kind (only from these
    stages)."""
    ended = stores.imports.apply(org_id, import_id, FAIL.within(leaving),
                                 {"failure_reason": reason, "failure_kind": kind.value, "finished_at": now()})
    logger.info("import failed", extra={"import_id": import_id, "reason": reason, "ended": ended})
    if ended:
        telemetry.count("ImportsFailed")
    return ended


def finalize_if_complete(stores: Stores, org_id: str, import_id: str) -> bool:
    """When validation is over and every batch of the current attempt is counted, flip the import to
    `finalizing` and ask the finalizer function to end it; only one caller wins the flip (True)."""
    record = stores.imports.get(org_id, import_id)
    if not record or record.stage != Stage.PROCESSING or record.batches_done < record.batches_total:
        return False
    if not stores.imports.apply(org_id, import_id, START_FINALIZING, attempt=record.attempt):
        return False
    stores.queues.request_finalization(org_id, import_id, record.attempt)
    return True


def on_finalize_request(stores: Stores, org_id: str, import_id: str, attempt: int) -> bool:
    """Write the results and the final status of an import in `finalizing` at this attempt; a redelivered or
    stale request finds it otherwise and does nothing (False)."""
    record = stores.imports.get(org_id, import_id)
    if not record or record.stage != Stage.FINALIZING or record.attempt != attempt:
        logger.info("finalize request for an import not finalizing this attempt: ignored",
                    extra={"import_id": import_id, "attempt": attempt, "stage": record and record.stage})
        return False
    return finalize(stores, record)


def finalize(stores: Stores, record: Import) -> bool:
    """Contacts counted, error workbook (and CSV) written, Success or Failed; the final update is conditional on
    the stage and attempt, so only one finalization ends the import (True)."""
    org_id, import_id, attempt = record.org_id, record.import_id, record.attempt
    outcomes = merged_outcomes(stores, org_id, import_id, attempt)
    counted = Counter(outcomes.values())
    stores.files.put_json(import_contacts_key(org_id, import_id), outcomes)
    changes = {"contacts_created": counted["created"], "contacts_updated": counted["updated"],
               "contacts_matched": counted["matched"],
               "possible_duplicates": _write_possible_duplicates(stores, org_id, import_id, attempt),
               "finished_at": now()}
    if record.rows_failed or record.rows_with_warnings:
        changes.update(rejected_files.write(stores, record, _batch_rows(stores, record, BatchFile.FAILED),
                                            _batch_rows(stores, record, BatchFile.WARNINGS)))
    if record.rows_processed > 0:
        changes["status"] = Status.SUCCESS.value
    else:
        changes["status"] = Status.FAILED.value
        changes["failure_kind"] = FailureKind.NO_VALID_ROWS.value
        changes["failure_reason"] = (
            f"no valid rows: all {record.rows_total} rows were rejected; the error workbook lists why"
        )
    if not stores.imports.apply(org_id, import_id, FINISH, changes, attempt=attempt):
        logger.info("import was finalized before", extra={"import_id": import_id})
        return False
    telemetry.count("ImportsSucceeded" if changes["status"] == Status.SUCCESS else "ImportsFailed")
    if record.corrects_import_id and record.rows_processed:
        stores.imports.record_correction(org_id, record.corrects_import_id, import_id, record.rows_processed)
    logger.info("import finished", extra={"import_id": import_id, **changes})
    return True


RANK = {"matched": 0, "updated": 1, "created": 2}


def merged_outcomes(stores: Stores, org_id: str, import_id: str, attempt: int) -> dict[str, str]:
    """{contact_id: outcome} over every batch of the attempt; when batches disagree "created" wins, then
    "updated" (a contact one batch created and another matched was created by the import)."""
    merged: dict[str, str] = {}
    for key in stores.files.keys(batch_files_prefix(org_id, import_id, attempt, BatchFile.CONTACTS)):
        for contact_id, outcome in stores.files.get_json(key).items():
            if RANK[outcome] > RANK.get(merged.get(contact_id), -1):
                merged[contact_id] = outcome
    return merged


def _write_possible_duplicates(stores: Stores, org_id: str, import_id: str, attempt: int) -> int:
    """The batches' possible duplicates in file order, kept as one file of the import's results; how many."""
    prefix = batch_files_prefix(org_id, import_id, attempt, BatchFile.POSSIBLE_DUPLICATES)
    pairs = sorted((pair for key in stores.files.keys(prefix) for pair in stores.files.get_json(key)),
                   key=lambda pair: pair["row"])
    if pairs:
        stores.files.put_json(import_possible_duplicates_key(org_id, import_id), pairs)
    return len(pairs)


def _batch_rows(stores: Stores, record: Import, kind: BatchFile):
    """The rows that failed (or the warnings), batch after batch: batches are consecutive ranges of the file, so
    in file order."""
    prefix = batch_files_prefix(record.org_id, record.import_id, record.attempt, kind)
    for key in sorted(stores.files.keys(prefix)):
        yield from stores.files.get_json(key)
