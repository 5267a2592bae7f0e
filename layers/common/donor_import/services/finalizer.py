"""Ending an import exactly once: contacts counted, error workbook written, Success or Failed."""

import os
import tempfile

from aws_lambda_powertools import Logger

from .. import telemetry
from ..data import files, imports_repo
from ..domain import error_workbook
from ..domain.imports import Stage, Status, error_file_key, work_prefix

logger = Logger(child=True)

OPEN_STAGES = tuple(s.value for s in (Stage.AWAITING_UPLOAD, Stage.MAPPING, Stage.VALIDATING, Stage.PROCESSING,
                                      Stage.FINALIZING))


def fail(org_id: str, import_id: str, reason: str, from_stages: tuple[str, ...] = OPEN_STAGES) -> bool:
    """End an import that processed nothing, with a reason a person understands (only from these stages)."""
    ended = imports_repo.update(org_id, import_id, {
        "status": Status.FAILED.value, "stage": Stage.DONE.value, "failure_reason": reason,
        "finished_at": imports_repo.now(),
    }, from_stages=from_stages, remove=("active", "checkpoint"))  # a retry reads the file from the start
    logger.info("import failed", extra={"import_id": import_id, "reason": reason, "ended": ended})
    if ended:
        telemetry.count("ImportsFailed")
    return ended


def finalize_if_complete(org_id: str, import_id: str) -> bool:
    """Finalize when validation is over and every batch is counted; only one caller wins the flip (True)."""
    record = imports_repo.get(org_id, import_id)
    if not record or record["stage"] != Stage.PROCESSING or record["batches_done"] < record["batches_total"]:
        return False
    if not imports_repo.update(org_id, import_id, {"stage": Stage.FINALIZING.value},
                               from_stages=(Stage.PROCESSING.value,)):
        return False
    finalize(record)
    return True


def finalize(record: dict) -> None:
    org_id, import_id, attempt = record["org_id"], record["import_id"], record.get("attempt", 1)
    prefix = work_prefix(org_id, import_id, attempt)
    outcomes = merged_outcomes(prefix)
    created = sum(1 for outcome in outcomes.values() if outcome == "created")
    files.put_json(contacts_key(org_id, import_id), outcomes)
    changes = {"contacts_created": created, "contacts_updated": len(outcomes) - created,
               "stage": Stage.DONE.value, "finished_at": imports_repo.now()}
    if record.get("rows_failed", 0):
        _write_error_workbook(record, prefix)
        changes["errors_written_at"] = imports_repo.now()
    if record["rows_processed"] > 0:
        changes["status"] = Status.SUCCESS.value
    else:
        changes["status"] = Status.FAILED.value
        changes["failure_reason"] = (
            f"no valid rows: all {record['rows_total']} rows were rejected; the error workbook lists why"
        )
    imports_repo.update(org_id, import_id, changes, remove=("active",))
    telemetry.count("ImportsSucceeded" if changes["status"] == Status.SUCCESS else "ImportsFailed")
    if record.get("corrects_import_id") and record["rows_processed"]:
        imports_repo.record_correction(org_id, record["corrects_import_id"], import_id, record["rows_processed"])
    logger.info("import finished", extra={"import_id": import_id, **changes})


def contacts_key(org_id: str, import_id: str) -> str:
    """The contacts an import created or updated: kept (no lifecycle rule) for Load to List."""
    return f"results/{org_id}/{import_id}/contacts.json.gz"


def merged_outcomes(prefix: str) -> dict[str, str]:
    """{contact_id: outcome} over every batch; "created" wins when batches disagree."""
    merged: dict[str, str] = {}
    for key in files.keys(prefix + "contacts/"):
        for contact_id, outcome in files.get_json(key).items():
            if merged.get(contact_id) != "created":
                merged[contact_id] = outcome
    return merged


def _failed_rows(prefix: str):
    """Rows that failed, batch after batch: batches are consecutive ranges of the file, so in file order."""
    for key in sorted(files.keys(prefix + "failed/")):
        yield from files.get_json(key)


def _write_error_workbook(record: dict, prefix: str) -> None:
    org_id, import_id = record["org_id"], record["import_id"]
    rows = _failed_rows(prefix)
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        error_workbook.write(path, record["headers"], rows, about=_about(record))
        files.upload_file(path, error_file_key(org_id, import_id),
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    finally:
        os.remove(path)


def _about(record: dict) -> dict:
    return {key: record[key] for key in ("import_id", "import_type", "file_name", "created_at")}
