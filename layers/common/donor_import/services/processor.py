"""The processor: one batch of rows validated and written into the CRM, counted exactly once.

Each row is validated here (phone numbers, emails, dates, amounts…), in parallel with the other batches.
Per batch: BatchGetItem for external ids; donations written in transactions that claim their gift keys
(up to 100 actions each); BatchWriteItem for other records; profiles updated in place by transactions of
up to 100 UpdateItem actions; one S3 object with the contacts touched (and one with the rows that failed),
one transaction for the counters. Never a call per row.
"""

from decimal import Decimal

from aws_lambda_powertools import Logger

from .. import telemetry
from ..data import crm_repo
from ..data.imports_repo import COUNTING_STAGES, Counting, now
from ..data.stores import Stores
from ..domain import contacts, gifts
from ..domain.batch_message import decode_rows
from ..domain.import_types import ImportType
from ..domain.imports import batch_file_key
from ..domain.validation import Rejected, RowValidator
from .finalizer import finalize_if_complete

logger = Logger(child=True)

RECORD_DATE = {ImportType.DONATIONS: "date", ImportType.PLEDGES: "start_date", ImportType.INTERACTIONS: "date"}
KIND = {ImportType.DONATIONS: "donation", ImportType.PLEDGES: "pledge", ImportType.INTERACTIONS: "interaction"}


def process_batch(stores: Stores, message: dict) -> None:
    org_id, import_id, batch_no = message["org_id"], message["import_id"], message["batch_no"]
    attempt = message.get("attempt", 1)
    if not _current(stores, message):
        return
    import_type = ImportType(message["import_type"])
    rows = decode_rows(message["rows"])
    valid, rejected = _validate(RowValidator(import_type, message["columns"], message["context"]), rows)
    outcomes, duplicates = _write_rows(stores, org_id, import_id, import_type, valid)
    failed = sorted(rejected + duplicates, key=lambda row: row["row"])
    stores.files.put_json(batch_file_key(org_id, import_id, attempt, "contacts", batch_no), outcomes)
    if failed:
        stores.files.put_json(batch_file_key(org_id, import_id, attempt, "failed", batch_no), failed)
    counted = stores.imports.record_batch(org_id, import_id, attempt, batch_no, processed=len(rows) - len(failed),
                                        failed=len(failed))
    if counted is Counting.COUNTED:
        telemetry.count("RowsProcessed", len(rows) - len(failed))
        telemetry.count("RowsRejected", len(failed))
    logger.info("batch processed", extra={"import_id": import_id, "batch_no": batch_no, "rows": len(rows),
                                          "failed": len(failed), "counted": counted})
    if counted is not Counting.STALE:
        finalize_if_complete(stores, org_id, import_id)


def _current(stores: Stores, message: dict) -> bool:
    """Whether the batch is of the import's current attempt and the import still takes batches; a batch that is
    not is acknowledged and dropped (a late delivery of an attempt the watchdog ended, or of one retried since)."""
    record = stores.imports.get(message["org_id"], message["import_id"])
    attempt = message.get("attempt", 1)
    if record and record.get("attempt", 1) == attempt and record["stage"] in COUNTING_STAGES:
        return True
    logger.warning("stale batch dropped", extra={
        "import_id": message["import_id"], "batch_no": message["batch_no"], "attempt": attempt,
        "import_attempt": record and record.get("attempt", 1), "stage": record and record["stage"]})
    telemetry.count("StaleBatchesDropped")
    return False


def give_up_batch(stores: Stores, message: dict, receive_count: int) -> None:
    """A batch that failed every delivery: its rows count as errors with a system-error reason, so the
    import still ends (rows it may have written before failing stay written)."""
    org_id, import_id, batch_no = message["org_id"], message["import_id"], message["batch_no"]
    attempt = message.get("attempt", 1)
    if not _current(stores, message):
        return
    if stores.imports.batch_counted(import_id, attempt, batch_no):
        logger.info("dead-letter batch was counted before it failed", extra={"batch_no": batch_no})
        finalize_if_complete(stores, org_id, import_id)
        return
    rows = decode_rows(message["rows"])
    reason = (f"system error: this row's batch failed {receive_count or 'several'} times and was set aside; "
              "retry the import or upload the row again")
    failed = [{"row": number, "cells": cells, "reason": reason} for number, cells, *_ in rows]
    stores.files.put_json(batch_file_key(org_id, import_id, attempt, "failed", batch_no), failed)
    counted = stores.imports.record_batch(org_id, import_id, attempt, batch_no, processed=0, failed=len(rows))
    logger.warning("dead-letter batch counted as errors", extra={"import_id": import_id, "batch_no": batch_no,
                                                                 "rows": len(rows), "counted": counted})
    if counted is not Counting.STALE:
        finalize_if_complete(stores, org_id, import_id)


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


def _write_rows(stores: Stores, org_id: str, import_id: str, import_type: ImportType, rows: list[dict]):
    """Write the batch's records and update its contacts. A donation is written only with the claim of its
    gift keys, before any contact is touched, so a duplicate changes nothing.

    Returns ({contact_id: "created" | "updated"}, [rows that failed, with reasons])."""
    contact_of, by_external = _match_contacts(stores, org_id, import_id, rows)
    placed = list(zip(rows, contact_of, strict=True))
    failed = []
    if import_type is ImportType.DONATIONS:
        placed, failed = _claim_gifts(stores, org_id, import_id, placed)
    items = [_record_item(org_id, import_id, import_type, contact_id, row)
             for row, contact_id in placed if import_type in KIND and import_type is not ImportType.DONATIONS]
    for row, contact_id in placed:
        external_id = row["record"].get("external_id")
        if external_id and by_external.get(external_id) != contact_id:
            items.append(crm_repo.external_key_item(org_id, external_id, contact_id))
            by_external[external_id] = contact_id
    stores.crm.write(items)
    outcomes = stores.crm.update_profiles(org_id, import_id, _profile_changes(placed), now())
    return outcomes, failed


def _profile_changes(placed: list[tuple[dict, str]]) -> dict[str, dict]:
    """{contact_id: what the batch's rows say about them}, rows of one contact merged in file order."""
    changes: dict[str, dict] = {}
    for row, contact_id in placed:
        changes[contact_id] = contacts.merge(changes.get(contact_id, {}), contacts.person_fields(row["record"]))
    return changes


def _match_contacts(stores: Stores, org_id: str, import_id: str, rows: list[dict]) -> tuple[list[str], dict[str, str]]:
    """Each row's contact: by external id (known already, or met earlier in this batch), else the id derived
    from its email (or external id); and the external ids known already."""
    by_external = stores.crm.contacts_by_external_id(
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


def _claim_gifts(stores: Stores, org_id: str, import_id: str, placed: list[tuple[dict, str]]):
    """Each donation written together with the claim of its gift keys; a row whose gift is held already (by
    another import, another batch, or an earlier row of this batch) is a duplicate naming that row.

    Returns (the rows written with their contacts, the duplicate rows with reasons). A redelivered batch
    wins its own keys again (same record ids), so a row is never a duplicate of itself."""
    in_batch: dict[str, dict] = {}
    claims, claimed, failed = [], [], []
    for row, contact_id in placed:
        keys = gifts.keys(org_id, contact_id, row["record"])
        earlier = next((key for key in keys if key in in_batch), None)
        if earlier:
            failed.append(_failed(row, gifts.reason(earlier, in_batch[earlier])))
            continue
        donation = _record_item(org_id, import_id, ImportType.DONATIONS, contact_id, row)
        marker = {k: donation[k] for k in ("record_id", "import_id", "source_row")}
        in_batch.update(dict.fromkeys(keys, marker))
        claims.append(stores.crm.gift_claim(keys, marker, donation))
        claimed.append((row, contact_id))
    lost = stores.crm.claim_gifts(claims)
    failed += [_failed(row, gifts.reason(lost[i].key["pk"], lost[i].holder))
               for i, (row, _) in enumerate(claimed) if i in lost]
    return [pair for i, pair in enumerate(claimed) if i not in lost], failed


def _failed(row: dict, reason: str) -> dict:
    return {"row": row["row"], "cells": row["cells"], "reason": reason}


def _record_item(org_id: str, import_id: str, import_type: ImportType, contact_id: str, row: dict) -> dict:
    """The row's donation, pledge or interaction."""
    record = {k: v for k, v in row["record"].items() if k not in contacts.PERSON}
    record.update({"record_id": contacts.record_id(import_id, row["row"]), "import_id": import_id,
                   "source_row": row["row"], "contact_id": contact_id})
    if "amount" in record:
        record["amount"] = Decimal(record["amount"])
    return crm_repo.record_item(org_id, contact_id, KIND[import_type], record[RECORD_DATE[import_type]], record)
