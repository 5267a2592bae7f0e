"""The processor: one batch of rows validated and written into the CRM, counted exactly once.

Each row is validated here (phone numbers, emails, dates, amounts…), in parallel with the other batches; then
the batch is decided (each row's contact: services/contact_matching) into a plan, and the plan applied in the
steps of the design: claim the contacts' keys, claim gifts, write records, write profiles, write the batch's
files, count once, maybe finalize. Per batch: BatchGetItem for the match keys (and the candidates' profiles);
key claims in transactions of up to 100 conditional puts; donations written in transactions that claim their
gift keys; BatchWriteItem for other records; profiles updated in place by transactions of up to 100
UpdateItem actions; one S3 object with the contacts touched (and one each with the rows that failed and the
possible duplicates), one transaction for the counters. Never a call per row.
"""

from dataclasses import dataclass
from decimal import Decimal

from aws_lambda_powertools import Logger

from .. import telemetry
from ..data import crm_repo
from ..data.file_keys import BatchFile, batch_file_key
from ..data.imports_repo import COUNTING_STAGES, Counting, now
from ..data.stores import Stores
from ..domain import contacts, gifts
from ..domain.batch_message import BatchMessage, SourceRow
from ..domain.gift_tally import NO_GIFTS, GiftTally
from ..domain.import_types import ImportType
from ..domain.outcomes import AcceptedRow, DuplicateRow, FailedRow, RejectedRow, ValidRow, failed_row, warned_rows
from ..domain.row_validation import Options, Rejected, RowValidator, Validated
from . import contact_matching
from .batch_plan import BatchPlan
from .ending.finalizer import finalize_if_complete

logger = Logger(child=True)

RECORD_DATE = {ImportType.DONATIONS: "date", ImportType.PLEDGES: "start_date", ImportType.INTERACTIONS: "date"}
KIND = {ImportType.DONATIONS: "donation", ImportType.PLEDGES: "pledge", ImportType.INTERACTIONS: "interaction"}
# A donation is written with the claim of its gift keys; these are written with the batch's other items.
WRITTEN_WITH_KEYS = (ImportType.PLEDGES, ImportType.INTERACTIONS)


def process_batch(stores: Stores, message: BatchMessage) -> None:
    if not _current(stores, message):
        return
    valid, rejected = _validate(message, message.source_rows())
    batch = contact_matching.plan(stores, message.org_id, message.import_id, Options.from_dict(message.context),
                                  valid, rejected)
    apply_plan(stores, message, batch)


def apply_plan(stores: Stores, message: BatchMessage, batch: BatchPlan) -> None:
    """The batch's decisions written: keys, gifts, records, profiles, its files; counted once."""
    batch = contact_matching.settle(stores, message.org_id, batch)
    placed = [AcceptedRow(row.number, row.cells, row.record, row.contact_id, row.warnings)
              for row in batch.rows if row.contact_id]
    accepted, duplicates = _claim_gifts(stores, message, placed)
    _write_records(stores, message, accepted)
    written = {row.number for row in accepted}
    writes, touched = contact_matching.profile_writes(batch, written)
    stores.crm.write_profiles(message.org_id, message.import_id, writes, now())
    failed = sorted([*batch.rejected, *contact_matching.conflicts(batch), *duplicates], key=lambda row: row.number)
    warned = [row for row in accepted if row.warnings]
    _write_batch_files(stores, message, BatchFiles(touched, failed, warned,
                                                   contact_matching.possible_duplicates(batch, written)))
    gifts = GiftTally.of(row.record for row in accepted) if message.import_type is ImportType.DONATIONS else NO_GIFTS
    counted = _count(stores, message, processed=len(accepted), failed=len(failed), warned=len(warned),
                     contacts=len(touched), gifts=gifts)
    if counted is Counting.COUNTED:
        telemetry.count("RowsProcessed", len(accepted))
        telemetry.count("RowsRejected", len(failed))
    logger.info("batch processed", extra={"import_id": message.import_id, "batch_no": message.batch_no,
                                          "rows": len(batch.rows) + len(batch.rejected), "failed": len(failed),
                                          "warned": len(warned),
                                          "counted": counted})
    _finalize_unless_stale(stores, message, counted)


def give_up_batch(stores: Stores, message: BatchMessage, receive_count: int) -> None:
    """A batch that failed every delivery: its rows count as errors with a system-error reason, so the
    import still ends (rows it may have written before failing stay written)."""
    if not _current(stores, message):
        return
    if stores.imports.batch_counted(message.import_id, message.attempt, message.batch_no):
        logger.info("dead-letter batch was counted before it failed", extra={"batch_no": message.batch_no})
        finalize_if_complete(stores, message.org_id, message.import_id)
        return
    reason = (f"system error: this row's batch failed {receive_count or 'several'} times and was set aside; "
              "retry the import or upload the row again")
    failed = [RejectedRow(row.number, row.cells, reason) for row in message.source_rows()]
    _write_failed_rows(stores, message, failed)
    counted = _count(stores, message, processed=0, failed=len(failed), warned=0)
    logger.warning("dead-letter batch counted as errors", extra={
        "import_id": message.import_id, "batch_no": message.batch_no, "rows": len(failed), "counted": counted})
    _finalize_unless_stale(stores, message, counted)


def _current(stores: Stores, message: BatchMessage) -> bool:
    """Whether the batch is of the import's current attempt and the import still takes batches; a batch that is
    not is acknowledged and dropped (a late delivery of an attempt the watchdog ended, or of one retried since)."""
    record = stores.imports.get(message.org_id, message.import_id)
    if record and record.attempt == message.attempt and record.stage in COUNTING_STAGES:
        return True
    logger.warning("stale batch dropped", extra={
        "import_id": message.import_id, "batch_no": message.batch_no, "attempt": message.attempt,
        "import_attempt": record and record.attempt, "stage": record and record.stage})
    telemetry.count("StaleBatchesDropped")
    return False


def _validate(message: BatchMessage, rows: list[SourceRow]) -> tuple[list[ValidRow], list[RejectedRow]]:
    """The valid rows with their clean record, and the rejected ones with their reason."""
    validator = RowValidator(message.import_type, message.columns, message.context)
    valid, rejected = [], []
    for row in rows:
        verdict = _verdict(validator, row)
        if isinstance(verdict, Rejected):
            rejected.append(RejectedRow(row.number, row.cells, verdict.reason,
                                        tuple(name for name, _ in verdict.problems if name)))
        else:
            valid.append(ValidRow(row.number, row.cells, verdict.record, verdict.warnings))
    return valid, rejected


def _verdict(validator: RowValidator, row: SourceRow) -> Validated | Rejected:
    """A row may come rejected already by the validator, with its problems (a cell over the cell limit)."""
    if row.problems is not None:
        return Rejected(row.number, row.problems)
    return validator.validate(row.number, row.cells)


def _claim_gifts(stores: Stores, message: BatchMessage,
                 rows: list[AcceptedRow]) -> tuple[list[AcceptedRow], list[DuplicateRow]]:
    """Each donation written together with the claim of its gift keys, before any contact is touched, so a
    duplicate changes nothing. A row whose gift is held already (by another import, another batch, or an
    earlier row of this batch) is a duplicate naming that row; a redelivered batch wins its own keys again
    (same record ids), so a row is never a duplicate of itself."""
    if message.import_type is not ImportType.DONATIONS:
        return rows, []
    claimants, claims, duplicates = _gift_claims(stores, message, rows)
    lost = stores.crm.claim_gifts(claims)
    duplicates += [row.duplicate_of(lost[i].gift, lost[i].holder) for i, row in enumerate(claimants) if i in lost]
    return [row for i, row in enumerate(claimants) if i not in lost], duplicates


def _gift_claims(stores: Stores, message: BatchMessage, rows: list[AcceptedRow]):
    """(the rows that claim their gift, their claims, the rows whose gift an earlier row of the batch claims)."""
    held: dict[gifts.GiftIdentity, dict] = {}  # gift -> the marker of the row of this batch that claims it
    claimants, claims, duplicates = [], [], []
    for row in rows:
        identities = gifts.identities(row.contact_id, row.record)
        if earlier := next((gift for gift in identities if gift in held), None):
            duplicates.append(row.duplicate_of(earlier, held[earlier]))
            continue
        donation = _record_item(message, row)
        marker = {k: donation[k] for k in ("record_id", "import_id", "source_row")}
        held.update(dict.fromkeys(identities, marker))
        claims.append(stores.crm.gift_claim(message.org_id, identities, marker, donation))
        claimants.append(row)
    return claimants, claims, duplicates


def _write_records(stores: Stores, message: BatchMessage, rows: list[AcceptedRow]) -> None:
    """The batch's pledges or interactions."""
    if message.import_type in WRITTEN_WITH_KEYS:
        stores.crm.write([_record_item(message, row) for row in rows])


def _record_item(message: BatchMessage, row: AcceptedRow) -> dict:
    """The row's donation, pledge or interaction."""
    record = {k: v for k, v in row.record.items() if k not in contacts.PERSON}
    record.update({"record_id": contacts.record_id(message.import_id, row.number), "import_id": message.import_id,
                   "source_row": row.number, "contact_id": row.contact_id})
    if "amount" in record:
        record["amount"] = Decimal(record["amount"])
    when = record[RECORD_DATE[message.import_type]]
    return crm_repo.record_item(message.org_id, row.contact_id, KIND[message.import_type], when, record)


@dataclass(frozen=True)
class BatchFiles:
    """What a batch leaves for the finalizer: {contact_id: "created" | "updated" | "matched"} for the contacts
    it touched, its failed rows, its rows imported with warnings, its possible duplicates."""

    touched: dict[str, str]
    failed: list[FailedRow]
    warned: list[AcceptedRow]
    possible_duplicates: list[dict]


def _write_batch_files(stores: Stores, message: BatchMessage, files: BatchFiles) -> None:
    stores.files.put_json(_batch_key(message, BatchFile.CONTACTS), files.touched)
    if files.failed:
        _write_failed_rows(stores, message, files.failed)
    if files.warned:
        stores.files.put_json(_batch_key(message, BatchFile.WARNINGS), warned_rows(files.warned))
    if files.possible_duplicates:
        stores.files.put_json(_batch_key(message, BatchFile.POSSIBLE_DUPLICATES), files.possible_duplicates)


def _write_failed_rows(stores: Stores, message: BatchMessage, failed: list[FailedRow]) -> None:
    stores.files.put_json(_batch_key(message, BatchFile.FAILED), [failed_row(row) for row in failed])


def _batch_key(message: BatchMessage, kind: BatchFile) -> str:
    return batch_file_key(message.org_id, message.import_id, message.attempt, kind, message.batch_no)


def _count(stores: Stores, message: BatchMessage, processed: int, failed: int, warned: int, contacts: int = 0,
           gifts: GiftTally = NO_GIFTS) -> Counting:
    return stores.imports.record_batch(message.org_id, message.import_id, message.attempt, message.batch_no,
                                       processed=processed, failed=failed, warned=warned, contacts=contacts,
                                       gifts=gifts)


def _finalize_unless_stale(stores: Stores, message: BatchMessage, counted: Counting) -> None:
    """A batch counted now or before may be the last one; a stale one ended nothing."""
    if counted is not Counting.STALE:
        finalize_if_complete(stores, message.org_id, message.import_id)
