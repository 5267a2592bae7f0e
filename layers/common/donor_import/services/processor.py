"""The processor: one batch of rows validated and written into the CRM, counted exactly once.

Each row is validated here (phone numbers, emails, dates, amounts…), in parallel with the other batches.
Per batch: BatchGetItem for external ids, gift keys and profiles, BatchWriteItem for everything written,
one S3 object with the contacts touched (and one with the rows that failed), one transaction for the
counters. Never a call per row.
"""

from decimal import Decimal

from aws_lambda_powertools import Logger

from .. import telemetry
from ..data import crm_repo, files, imports_repo
from ..data.imports_repo import Counting
from ..domain import contacts, gifts
from ..domain.batch_message import decode_rows
from ..domain.import_types import ImportType
from ..domain.imports import batch_file_key
from ..domain.validation import Rejected, RowValidator
from .finalizer import finalize_if_complete

logger = Logger(child=True)

RECORD_DATE = {ImportType.DONATIONS: "date", ImportType.PLEDGES: "start_date", ImportType.INTERACTIONS: "date"}
KIND = {ImportType.DONATIONS: "donation", ImportType.PLEDGES: "pledge", ImportType.INTERACTIONS: "interaction"}


def process_batch(message: dict) -> None:
    org_id, import_id, batch_no = message["org_id"], message["import_id"], message["batch_no"]
    attempt = message.get("attempt", 1)
    if not _current(message):
        return
    import_type = ImportType(message["import_type"])
    rows = decode_rows(message["rows"])
    valid, rejected = _validate(RowValidator(import_type, message["columns"], message["context"]), rows)
    outcomes, duplicates = _write_rows(org_id, import_id, import_type, valid)
    failed = sorted(rejected + duplicates, key=lambda row: row["row"])
    files.put_json(batch_file_key(org_id, import_id, attempt, "contacts", batch_no), outcomes)
    if failed:
        files.put_json(batch_file_key(org_id, import_id, attempt, "failed", batch_no), failed)
    counted = imports_repo.record_batch(org_id, import_id, attempt, batch_no, processed=len(rows) - len(failed),
                                        failed=len(failed))
    if counted is Counting.COUNTED:
        telemetry.count("RowsProcessed", len(rows) - len(failed))
        telemetry.count("RowsRejected", len(failed))
    logger.info("batch processed", extra={"import_id": import_id, "batch_no": batch_no, "rows": len(rows),
                                          "failed": len(failed), "counted": counted})
    if counted is not Counting.STALE:
        finalize_if_complete(org_id, import_id)


def _current(message: dict) -> bool:
    """Whether the batch is of the import's current attempt and the import still takes batches; a batch that is
    not is acknowledged and dropped (a late delivery of an attempt the watchdog ended, or of one retried since)."""
    record = imports_repo.get(message["org_id"], message["import_id"])
    attempt = message.get("attempt", 1)
    if record and record.get("attempt", 1) == attempt and record["stage"] in imports_repo.COUNTING_STAGES:
        return True
    logger.warning("stale batch dropped", extra={
        "import_id": message["import_id"], "batch_no": message["batch_no"], "attempt": attempt,
        "import_attempt": record and record.get("attempt", 1), "stage": record and record["stage"]})
    telemetry.count("StaleBatchesDropped")
    return False


def give_up_batch(message: dict, receive_count: int) -> None:
    """A batch that failed every delivery: its rows count as errors with a system-error reason, so the
    import still ends (rows it may have written before failing stay written)."""
    org_id, import_id, batch_no = message["org_id"], message["import_id"], message["batch_no"]
    attempt = message.get("attempt", 1)
    if not _current(message):
        return
    if imports_repo.batch_counted(import_id, attempt, batch_no):
        logger.info("dead-letter batch was counted before it failed", extra={"batch_no": batch_no})
        finalize_if_complete(org_id, import_id)
        return
    rows = decode_rows(message["rows"])
    reason = (f"system error: this row's batch failed {receive_count or 'several'} times and was set aside; "
              "retry the import or upload the row again")
    failed = [{"row": number, "cells": cells, "reason": reason} for number, cells, *_ in rows]
    files.put_json(batch_file_key(org_id, import_id, attempt, "failed", batch_no), failed)
    counted = imports_repo.record_batch(org_id, import_id, attempt, batch_no, processed=0, failed=len(rows))
    logger.warning("dead-letter batch counted as errors", extra={"import_id": import_id, "batch_no": batch_no,
                                                                 "rows": len(rows), "counted": counted})
    if counted is not Counting.STALE:
        finalize_if_complete(org_id, import_id)


def _validate(validator: RowValidator, rows: list[list]) -> tuple[list[dict], list[dict]]:
    """(valid rows with their clean record, rejected rows with their reason). A row may come rejected already
    by the validator, with its problems (a cell over the cell limit)."""
    valid, rejected = [], []
    for number, cells, *found in rows:
        verdict = Rejected(number, found[0]) if found else validator.validate(number, cells)
        if isinstance(verdict, Rejected):
            rejected.append({"row": number, "cells": cells, "reason": verdict.reason})
        else:
            valid.append({"row": number, "cells": cells, "record": verdict})
    return valid, rejected


def _write_rows(org_id: str, import_id: str, import_type: ImportType, rows: list[dict]):
    """Upsert the batch's contacts and write its records.

    Returns ({contact_id: "created" | "updated"}, [rows that failed, with reasons])."""
    contact_of, by_external = _match_contacts(org_id, import_id, rows)
    failed_reasons, gift_keys = {}, {}
    if import_type is ImportType.DONATIONS:
        gift_keys = {row["row"]: gifts.keys(org_id, contact_of[i], row["record"]) for i, row in enumerate(rows)}
        failed_reasons = _duplicate_gifts(import_id, rows, gift_keys)
    kept = [(row, contact_of[i]) for i, row in enumerate(rows) if row["row"] not in failed_reasons]
    existing = crm_repo.profiles(org_id, {contact_id for _, contact_id in kept})
    merged: dict[str, dict] = {}
    items = []
    for row, contact_id in kept:
        record = row["record"]
        base = merged.get(contact_id) or existing.get(contact_id) or _new_profile(org_id, contact_id, import_id)
        merged[contact_id] = contacts.merge(base, contacts.person_fields(record))
        external_id = record.get("external_id")
        if external_id and by_external.get(external_id) != contact_id:
            items.append(crm_repo.external_key_item(org_id, external_id, contact_id))
            by_external[external_id] = contact_id
        if import_type in KIND:
            items += _record_items(org_id, import_id, import_type, contact_id, row, gift_keys.get(row["row"], []))
    now = imports_repo.now()
    items += [crm_repo.profile_item(org_id, {**p, "updated_at": now}) for p in merged.values()]
    crm_repo.write(items)
    outcomes = {
        contact_id: "created" if profile.get("created_by_import") == import_id else "updated"
        for contact_id, profile in merged.items()
    }
    failed = [{"row": r["row"], "cells": r["cells"], "reason": failed_reasons[r["row"]]}
              for r in rows if r["row"] in failed_reasons]
    return outcomes, failed


def _match_contacts(org_id: str, import_id: str, rows: list[dict]) -> tuple[list[str], dict[str, str]]:
    """Each row's contact: by external id (known already, or met earlier in this batch), else the id derived
    from its email (or external id); and the external ids known already."""
    by_external = crm_repo.contacts_by_external_id(
        org_id, {r["record"]["external_id"] for r in rows if r["record"].get("external_id")}
    )
    in_batch = dict(by_external)  # one external id, one contact, whether or not its rows carry an email
    contact_of = []
    for r in rows:
        external_id = r["record"].get("external_id")
        contact_id = in_batch.get(external_id) or contacts.new_contact_id(org_id, r["record"], import_id, r["row"])
        if external_id:
            in_batch.setdefault(external_id, contact_id)
        contact_of.append(contact_id)
    return contact_of, by_external


def _duplicate_gifts(import_id: str, rows: list[dict], gift_keys: dict[int, list[str]]) -> dict[int, str]:
    """{row: reason} for donations that match a gift already in the CRM, or earlier in this batch."""
    found = crm_repo.gift_keys([k for row_keys in gift_keys.values() for k in row_keys])
    duplicates, seen = {}, {}
    for row in rows:
        row_keys = gift_keys[row["row"]]
        own = contacts.record_id(import_id, row["row"])
        for key in row_keys:
            match = found.get(key) or seen.get(key)
            if match and match["record_id"] != own:
                duplicates[row["row"]] = gifts.reason(key, match)
                break
        else:
            seen.update({key: {"record_id": own, "import_id": import_id, "source_row": row["row"]}
                         for key in row_keys})
    return duplicates


def _new_profile(org_id: str, contact_id: str, import_id: str) -> dict:
    return {"contact_id": contact_id, "org_id": org_id, "created_at": imports_repo.now(),
            "created_by_import": import_id}


def _record_items(org_id: str, import_id: str, import_type: ImportType, contact_id: str, row: dict,
                  gift_keys: list[str]) -> list[dict]:
    """The row's record, and for a donation its gift key items (gift_keys)."""
    record = {k: v for k, v in row["record"].items() if k not in contacts.PERSON}
    record.update({"record_id": contacts.record_id(import_id, row["row"]), "import_id": import_id,
                   "source_row": row["row"], "contact_id": contact_id})
    if "amount" in record:
        record["amount"] = Decimal(record["amount"])
    items = [crm_repo.record_item(org_id, contact_id, KIND[import_type], record[RECORD_DATE[import_type]], record)]
    if import_type is ImportType.DONATIONS:
        marker = {k: record[k] for k in ("record_id", "import_id", "source_row")}
        items += [crm_repo.gift_key_item(key, marker) for key in gift_keys]
    return items
