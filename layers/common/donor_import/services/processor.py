"""The processor: one batch of valid rows into the CRM, counted exactly once.

Per batch: one BatchGetItem round for external ids, one for profiles, BatchWriteItem for everything written,
one S3 object with the contacts touched, one transaction for the counters. Never a call per row.
"""

from decimal import Decimal

from aws_lambda_powertools import Logger

from ..data import crm_repo, files, imports_repo
from ..domain import contacts
from ..domain.batch_message import decode_rows
from ..domain.import_types import ImportType
from ..domain.imports import work_prefix
from .finalizer import finalize_if_complete

logger = Logger(child=True)

RECORD_DATE = {ImportType.DONATIONS: "date", ImportType.PLEDGES: "start_date", ImportType.INTERACTIONS: "date"}
KIND = {ImportType.DONATIONS: "donation", ImportType.PLEDGES: "pledge", ImportType.INTERACTIONS: "interaction"}


def outcomes_key(org_id: str, import_id: str, batch_no: int) -> str:
    return f"{work_prefix(org_id, import_id)}contacts/{batch_no:07d}.json.gz"


def process_batch(message: dict) -> None:
    org_id, import_id, batch_no = message["org_id"], message["import_id"], message["batch_no"]
    import_type = ImportType(message["import_type"])
    rows = decode_rows(message["rows"])
    outcomes = _write_rows(org_id, import_id, import_type, rows)
    files.put_json(outcomes_key(org_id, import_id, batch_no), outcomes)
    counted = imports_repo.record_batch(org_id, import_id, batch_no, processed=len(rows), failed=0)
    logger.info("batch processed", extra={"import_id": import_id, "batch_no": batch_no, "rows": len(rows),
                                          "counted": counted})
    finalize_if_complete(org_id, import_id)


def _write_rows(org_id: str, import_id: str, import_type: ImportType, rows: list[dict]) -> dict[str, str]:
    """Upsert the batch's contacts and write its records; returns {contact_id: "created" | "updated"}."""
    by_external = crm_repo.contacts_by_external_id(
        org_id, {r["record"]["external_id"] for r in rows if r["record"].get("external_id")}
    )
    contact_of = [
        by_external.get(r["record"].get("external_id"))
        or contacts.new_contact_id(org_id, r["record"], import_id, r["row"])
        for r in rows
    ]
    existing = crm_repo.profiles(org_id, set(contact_of))
    merged: dict[str, dict] = {}
    items = []
    for row, contact_id in zip(rows, contact_of, strict=True):
        record = row["record"]
        base = merged.get(contact_id) or existing.get(contact_id) or _new_profile(org_id, contact_id, import_id)
        merged[contact_id] = contacts.merge(base, contacts.person_fields(record))
        external_id = record.get("external_id")
        if external_id and external_id not in by_external:
            items.append(crm_repo.external_key_item(org_id, external_id, contact_id))
            by_external[external_id] = contact_id
        if import_type in KIND:
            items.append(_record_item(org_id, import_id, import_type, contact_id, row))
    now = imports_repo.now()
    items += [crm_repo.profile_item(org_id, {**p, "updated_at": now}) for p in merged.values()]
    crm_repo.write(items)
    return {
        contact_id: "created" if profile.get("created_by_import") == import_id else "updated"
        for contact_id, profile in merged.items()
    }


def _new_profile(org_id: str, contact_id: str, import_id: str) -> dict:
    return {"contact_id": contact_id, "org_id": org_id, "created_at": imports_repo.now(),
            "created_by_import": import_id}


def _record_item(org_id: str, import_id: str, import_type: ImportType, contact_id: str, row: dict) -> dict:
    record = {k: v for k, v in row["record"].items() if k not in contacts.PERSON}
    record.update({"record_id": contacts.record_id(import_id, row["row"]), "import_id": import_id,
                   "source_row": row["row"], "contact_id": contact_id})
    if "amount" in record:
        record["amount"] = Decimal(record["amount"])
    return crm_repo.record_item(org_id, contact_id, KIND[import_type], record[RECORD_DATE[import_type]], record)
