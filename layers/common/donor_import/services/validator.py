"""The validator: reads an uploaded file as a stream, offers a mapping or validates every row, and sends the
valid rows on in batches."""

import gzip
import hashlib
import json
import os
import tempfile
from datetime import UTC, datetime, timedelta
from itertools import chain, islice

from aws_lambda_powertools import Logger

from ..config import settings
from ..data import files, imports_repo, queues
from ..domain import error_workbook
from ..domain import mapping as mappings
from ..domain.batch_message import encode_rows
from ..domain.import_types import type_spec
from ..domain.imports import Stage, parse_upload_key, rejected_key
from ..domain.reader import Table, UnreadableFile, read_table
from ..domain.validation import Options, Rejected, RowValidator, preview
from .finalizer import fail, finalize_if_complete

logger = Logger(child=True)

PREVIEW_ROWS = 50
PREVIEW_CELL_CHARS = 200
DATE_ORDER_ROWS = 10_000
MAX_MESSAGE_BYTES = 200 * 1024
DUPLICATE_DAYS = 30


def on_upload(key: str) -> None:
    """An object arrived under uploads/: offer a mapping, or validate when the import has one already."""
    try:
        org_id, import_id, _ = parse_upload_key(key)
    except ValueError:
        logger.warning("ignoring an object outside the upload layout", extra={"key": key})
        return
    record = imports_repo.get(org_id, import_id)
    if record is None or record["stage"] != Stage.AWAITING_UPLOAD or record["file_key"] != key:
        logger.info("upload event for an import not awaiting its file: duplicate event, ignored",
                    extra={"import_id": import_id, "stage": record and record["stage"]})
        return
    if record.get("mapping"):
        if imports_repo.update(org_id, import_id, {"stage": Stage.VALIDATING.value, "uploaded_at": imports_repo.now()},
                               from_stages=(Stage.AWAITING_UPLOAD.value,)):
            validate(org_id, import_id)
        return
    offer_mapping(record)


def offer_mapping(record: dict) -> None:
    """Store headers, sample rows and a suggested mapping, and wait at stage "mapping" for the user.

    A corrected error workbook needs no mapping: it is validated at once with its import's mapping."""
    org_id, import_id = record["org_id"], record["import_id"]
    try:
        with _opened(record) as (path, table):
            sample = [(n, [c[:PREVIEW_CELL_CHARS] for c in cells]) for n, cells in islice(table.rows, PREVIEW_ROWS)]
            headers = table.headers
            corrected = _corrected_import(record, path)
    except UnreadableFile as error:
        _fail_unread(record, str(error))
        return
    if not sample:
        _fail_unread(record, "the file has a header row but no data rows")
        return
    if corrected and imports_repo.update(org_id, import_id, {
        "stage": Stage.VALIDATING.value, "uploaded_at": imports_repo.now(),
        "corrects_import_id": corrected["import_id"], "options": corrected.get("options") or {},
        "mapping": mappings.carry_over(corrected["mapping"], headers),
    }, from_stages=(Stage.AWAITING_UPLOAD.value,)):
        validate(org_id, import_id)
        return
    spec = type_spec(record["import_type"])
    saved = imports_repo.saved_mapping(org_id, spec.name.value, mappings.headers_signature(headers))
    suggested = mappings.carry_over(saved["mapping"], headers) if saved else mappings.suggest(headers, spec)
    options = saved["options"] if saved else record.get("options")
    shown = preview(spec.name, headers, sample, suggested, Options.from_dict(options))
    shown["saved_mapping_used"] = bool(saved)
    shown["sample"] = [{"row": n, "cells": cells} for n, cells in sample]
    imports_repo.update(org_id, import_id, {
        "stage": Stage.MAPPING.value, "preview": shown, "uploaded_at": imports_repo.now(),
        "options": Options.from_dict(options).to_dict(),
    }, from_stages=(Stage.AWAITING_UPLOAD.value,))


def _corrected_import(record: dict, path: str) -> dict | None:
    """The import whose error workbook this file is, when it is one of this organisation and type."""
    if not record["file_name"].lower().endswith(".xlsx"):
        return None
    about = error_workbook.about(path)
    original = about and imports_repo.get(record["org_id"], about.get("import_id", ""))
    if original and original["import_type"] == record["import_type"] and original.get("mapping"):
        return original
    return None


def _check_duplicate(record: dict, path: str) -> None:
    """Flag a file whose content this organisation imported in the last 30 days."""
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for chunk in iter(lambda: data.read(1024 * 1024), b""):
            digest.update(chunk)
    earlier = imports_repo.swap_content_hash(record["org_id"], digest.hexdigest(), record["import_id"])
    changes = {"content_hash": digest.hexdigest()}
    if earlier and earlier["import_id"] != record["import_id"] and _within(earlier["at"], DUPLICATE_DAYS):
        changes["duplicate_of"] = earlier["import_id"]
    imports_repo.update(record["org_id"], record["import_id"], changes)


def _within(moment: str, days: int) -> bool:
    then = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return datetime.now(UTC) - then < timedelta(days=days)


def _fail_unread(record: dict, reason: str) -> None:
    imports_repo.update(record["org_id"], record["import_id"], {"uploaded_at": imports_repo.now()})
    fail(record["org_id"], record["import_id"], reason)


class _opened:
    """The import's file downloaded to a temporary file and opened as a Table; removed on exit.

    The first time an import's file is opened, its content hash is checked against earlier imports."""

    def __init__(self, record: dict):
        self.record = record
        self.path = None

    def __enter__(self) -> tuple[str, Table]:
        suffix = "." + self.record["file_name"].rsplit(".", 1)[-1]
        self.path = files.download(self.record["file_key"], suffix)
        if not self.record.get("content_hash"):
            _check_duplicate(self.record, self.path)
        return self.path, read_table(self.path, self.record["file_name"])

    def __exit__(self, *_exc) -> None:
        if self.path:
            os.remove(self.path)


def on_validation_request(org_id: str, import_id: str) -> None:
    """The API confirmed a mapping, or retries an import: validate it, or read it afresh when it has no
    mapping yet; unless another delivery got there first."""
    record = imports_repo.get(org_id, import_id)
    if record and record["stage"] == Stage.VALIDATING:
        validate(org_id, import_id)
    elif record and record["stage"] == Stage.AWAITING_UPLOAD:
        on_upload(record["file_key"])
    else:
        logger.info("validation request for an import not waiting for it: ignored", extra={"import_id": import_id})


def validate(org_id: str, import_id: str) -> None:
    record = imports_repo.get(org_id, import_id)
    try:
        with _opened(record) as (_path, table):
            counts = _validate_rows(record, table)
    except UnreadableFile as error:
        fail(org_id, import_id, str(error))
        return
    except Exception:
        logger.exception("validation stopped by a system error", extra={"import_id": import_id})
        fail(org_id, import_id, "a system error stopped the import while validating; retry it, and if it "
                                "fails again, contact support with the import id")
        return
    if counts is None:
        return
    imports_repo.update(org_id, import_id, {**counts, "stage": Stage.PROCESSING.value},
                        from_stages=(Stage.VALIDATING.value,))
    logger.info("validated", extra={"import_id": import_id, **counts})
    finalize_if_complete(org_id, import_id)


def _validate_rows(record: dict, table: Table) -> dict | None:
    org_id, import_id = record["org_id"], record["import_id"]
    spec = type_spec(record["import_type"])
    mapping = {h: f for h, f in (record.get("mapping") or {}).items() if h in table.headers}
    missing = mappings.missing_required(mapping, spec)
    if missing:
        fail(org_id, import_id, f"the file lacks the required column(s) for {', '.join(missing)}")
        return None
    validator = RowValidator(spec.name, mapping, table.headers, Options.from_dict(record.get("options")))
    head = list(islice(table.rows, DATE_ORDER_ROWS))
    if not head:
        fail(org_id, import_id, "the file has a header row but no data rows")
        return None
    validator.learn_date_orders([cells for _, cells in head])
    batcher = _Batcher(record)
    with _RejectedLog() as rejected:
        total = 0
        for number, cells in chain(head, table.rows):
            total += 1
            verdict = validator.validate(number, cells)
            if isinstance(verdict, Rejected):
                rejected.add(number, cells, verdict.reason)
            else:
                batcher.add(number, cells, verdict)
        batcher.flush()
        rejected.close()
        files.upload_file(rejected.path, rejected_key(org_id, import_id, record.get("attempt", 1)),
                          "application/gzip")
    return {"rows_total": total, "rows_rejected": rejected.count, "batches_total": batcher.batches,
            "headers": table.headers}


class _RejectedLog:
    """Rejected rows, gzipped JSON lines in a temporary file: memory stays flat however many there are."""

    def __enter__(self):
        handle, self.path = tempfile.mkstemp(suffix=".jsonl.gz")
        os.close(handle)
        self.file = gzip.open(self.path, "wt", encoding="utf-8")
        self.count = 0
        return self

    def add(self, row: int, cells: list[str], reason: str) -> None:
        self.file.write(json.dumps({"row": row, "cells": cells, "reason": reason}) + "\n")
        self.count += 1

    def close(self) -> None:
        self.file.close()

    def __exit__(self, *_exc) -> None:
        self.file.close()
        os.remove(self.path)


class _Batcher:
    """Cuts valid rows into batches (by rows, and by bytes for SQS) and sends them ten at a time."""

    def __init__(self, record: dict):
        self.header = {"org_id": record["org_id"], "import_id": record["import_id"],
                       "import_type": record["import_type"], "attempt": record.get("attempt", 1)}
        self.rows: list[dict] = []
        self.pending: list[dict] = []
        self.batches = 0

    def add(self, number: int, cells: list[str], clean: dict) -> None:
        self.rows.append({"row": number, "cells": cells, "record": clean})
        if len(self.rows) >= settings().batch_rows:
            self._cut(self.rows)
            self.rows = []

    def _cut(self, rows: list[dict]) -> None:
        payload = encode_rows(rows)
        if len(payload) > MAX_MESSAGE_BYTES and len(rows) > 1:
            half = len(rows) // 2
            self._cut(rows[:half])
            self._cut(rows[half:])
            return
        self.batches += 1
        self.pending.append({**self.header, "batch_no": self.batches, "rows": payload})
        if len(self.pending) >= queues.MAX_MESSAGES:
            self._send()

    def _send(self) -> None:
        queues.send_batches(self.pending)
        self.pending = []

    def flush(self) -> None:
        if self.rows:
            self._cut(self.rows)
            self.rows = []
        if self.pending:
            self._send()

