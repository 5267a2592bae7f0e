"""Ending an import exactly once: contacts counted, error workbook written, Success or Failed."""

import gzip
import json
import os
import tempfile

from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError

from ..data import files, imports_repo
from ..domain import error_workbook
from ..domain.imports import Stage, Status, error_file_key, work_prefix

logger = Logger(child=True)

OPEN_STAGES = tuple(s.value for s in (Stage.AWAITING_UPLOAD, Stage.MAPPING, Stage.VALIDATING, Stage.PROCESSING))


def fail(org_id: str, import_id: str, reason: str) -> bool:
    """End an import that processed nothing, with a reason a person understands."""
    ended = imports_repo.update(org_id, import_id, {
        "status": Status.FAILED.value, "stage": Stage.DONE.value, "failure_reason": reason,
        "finished_at": imports_repo.now(),
    }, from_stages=OPEN_STAGES)
    logger.info("import failed", extra={"import_id": import_id, "reason": reason, "ended": ended})
    return ended


def finalize_if_complete(org_id: str, import_id: str) -> None:
    """Finalize when validation is over and every batch is counted; only one caller wins the flip."""
    record = imports_repo.get(org_id, import_id)
    if not record or record["stage"] != Stage.PROCESSING or record["batches_done"] < record["batches_total"]:
        return
    if imports_repo.update(org_id, import_id, {"stage": Stage.FINALIZING.value},
                           from_stages=(Stage.PROCESSING.value,)):
        finalize(record)


def finalize(record: dict) -> None:
    org_id, import_id = record["org_id"], record["import_id"]
    outcomes = contact_outcomes(org_id, import_id)
    created = sum(1 for outcome in outcomes.values() if outcome == "created")
    files.put_json(contacts_key(org_id, import_id), outcomes)
    changes = {"contacts_created": created, "contacts_updated": len(outcomes) - created,
               "stage": Stage.DONE.value, "finished_at": imports_repo.now()}
    if record.get("rows_rejected", 0) + record.get("rows_failed", 0):
        _write_error_workbook(record)
        changes["errors_written_at"] = imports_repo.now()
    if record["rows_processed"] > 0:
        changes["status"] = Status.SUCCESS.value
    else:
        changes["status"] = Status.FAILED.value
        changes["failure_reason"] = (
            f"no valid rows: all {record['rows_total']} rows were rejected; the error workbook lists why"
        )
    imports_repo.update(org_id, import_id, changes)
    logger.info("import finished", extra={"import_id": import_id, **changes})


def contacts_key(org_id: str, import_id: str) -> str:
    return f"results/{org_id}/{import_id}/contacts.json.gz"


def contact_outcomes(org_id: str, import_id: str) -> dict[str, str]:
    """{contact_id: outcome} over every batch; "created" wins when batches disagree."""
    merged: dict[str, str] = {}
    for key in files.keys(work_prefix(org_id, import_id) + "contacts/"):
        for contact_id, outcome in files.get_json(key).items():
            if merged.get(contact_id) != "created":
                merged[contact_id] = outcome
    return merged


def _rejected_rows(org_id: str, import_id: str):
    path = files.download(work_prefix(org_id, import_id) + "rejected.jsonl.gz", ".jsonl.gz")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)
    finally:
        os.remove(path)


def _write_error_workbook(record: dict) -> None:
    org_id, import_id = record["org_id"], record["import_id"]
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        error_workbook.write(path, record["headers"], _rejected_rows(org_id, import_id))
        files.upload_file(path, error_file_key(org_id, import_id),
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    except ClientError:
        logger.exception("error workbook not written", extra={"import_id": import_id})
        raise
    finally:
        os.remove(path)
