"""The validator: reads an uploaded file and offers a mapping; or checks the file (size, columns, required
columns, date orders) and sends its rows on in batches, which the processors validate row by row (see
row_stream for the loop itself)."""

import hashlib
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import chain, islice

from aws_lambda_powertools import Logger

from ..config import settings
from ..data import aws
from ..data.file_keys import parse_upload_key
from ..data.imports_repo import now, parse_stamp
from ..data.stores import Stores
from ..domain import error_workbook
from ..domain import mapping as mappings
from ..domain.import_record import Import
from ..domain.import_types import type_spec
from ..domain.imports import Stage
from ..domain.lifecycle import CHECKPOINT, NOTE, OFFER_MAPPING, START_PROCESSING, START_VALIDATION
from ..domain.reader import Table, UnreadableFile, read_table
from ..domain.row_validation import Options, RowValidator, preview
from .finalizer import fail, finalize_if_complete
from .row_stream import Progress, TooManyRows, stream_rows

logger = Logger(child=True)

PREVIEW_ROWS = 50
PREVIEW_CELL_CHARS = 200
DATE_ORDER_ROWS = 10_000
DUPLICATE_DAYS = 30
DUPLICATE_HOPS = 5
PREVIEW_BYTES = 250_000


def on_upload(stores: Stores, key: str, version_id: str | None = None) -> None:
    """An object arrived under uploads/: offer a mapping, or validate when the import has one already.

    The import is pinned to the version of the file this event names (stored as it leaves awaiting_upload),
    so a second POST to the same key within the presigned form's minutes cannot change the file under it."""
    try:
        org_id, import_id, _ = parse_upload_key(key)
    except ValueError:
        logger.warning("ignoring an object outside the upload layout", extra={"key": key})
        return
    record = stores.imports.get(org_id, import_id)
    if record is None or record.stage != Stage.AWAITING_UPLOAD or record.file_key != key:
        logger.info("upload event for an import not awaiting its file: duplicate event, ignored",
                    extra={"import_id": import_id, "stage": record and record.stage})
        return
    pinned = record.file_version
    if pinned and version_id and version_id != pinned:
        logger.info("upload event for another version of a pinned file: ignored", extra={"import_id": import_id})
        return
    record = record.model_copy(update={"file_version": version_id or pinned})
    if record.mapping:
        # Validation runs from the validation queue, whose redelivery survives a crash of this invocation.
        if stores.imports.apply(org_id, import_id, START_VALIDATION,
                                {"uploaded_at": now(), "file_version": record.file_version}):
            stores.queues.request_validation(org_id, import_id)
        return
    offer_mapping(stores, record)


def offer_mapping(stores: Stores, record: Import) -> None:
    """Store headers, sample rows and a suggested mapping, and wait at stage "mapping" for the user.

    A corrected error workbook needs no mapping: it is validated at once with its import's mapping."""
    org_id, import_id = record.org_id, record.import_id
    try:
        with _opened(stores, record) as (path, table):
            sample = [(n, [c[:PREVIEW_CELL_CHARS] for c in cells]) for n, cells in islice(table.rows, PREVIEW_ROWS)]
            headers = table.headers
            corrected = _corrected_import(stores, record, path)
    except UnreadableFile as error:
        _fail_unread(stores, record, str(error))
        return
    if not sample:
        _fail_unread(stores, record, "the file has a header row but no data rows")
        return
    if corrected and stores.imports.apply(org_id, import_id, START_VALIDATION, {
        "uploaded_at": now(), "file_version": record.file_version,
        "corrects_import_id": corrected.import_id, "options": corrected.options or {},
        "mapping": mappings.carry_over(corrected.mapping, headers),
    }):
        stores.queues.request_validation(org_id, import_id)
        return
    spec = type_spec(record.import_type)
    saved = stores.imports.saved_mapping(org_id, spec.name.value, mappings.headers_signature(headers))
    suggested = mappings.carry_over(saved["mapping"], headers) if saved else mappings.suggest(headers, spec)
    options = saved["options"] if saved else record.options
    shown = preview(spec.name, headers, sample, suggested, Options.from_dict(options))
    shown["saved_mapping_used"] = bool(saved)
    shown["sample"] = [{"row": n, "cells": cells} for n, cells in sample]
    _fit_preview(shown)
    stores.imports.apply(org_id, import_id, OFFER_MAPPING, {
        "preview": shown, "uploaded_at": now(), "file_version": record.file_version,
        "options": Options.from_dict(options).to_dict(),
    })


def _fit_preview(shown: dict) -> None:
    """Fewer sample rows, then shorter sample cells, until the preview fits in the import's item (DynamoDB
    holds 400 KB an item; only a file of hundreds of long columns comes near)."""
    while len(json.dumps(shown)) > PREVIEW_BYTES and len(shown["sample"]) > 1:
        shown["sample"] = shown["sample"][: len(shown["sample"]) // 2]
        rows = {s["row"] for s in shown["sample"]}
        shown["problems"] = [p for p in shown["problems"] if p["row"] in rows]
    if len(json.dumps(shown)) > PREVIEW_BYTES:
        shown["sample"] = [{"row": s["row"], "cells": [c[:20] for c in s["cells"]]} for s in shown["sample"]]


def _corrected_import(stores: Stores, record: Import, path: str) -> Import | None:
    """The import whose error workbook this file is, when it is one of this organisation and type."""
    if not record.file_name.lower().endswith(".xlsx"):
        return None
    about = error_workbook.about(path)
    original = about and stores.imports.get(record.org_id, about.get("import_id", ""))
    if original and original.import_type == record.import_type and original.mapping:
        return original
    return None


def _check_duplicate(stores: Stores, record: Import, path: str) -> None:
    """Flag a file whose content this organisation imported in the last 30 days."""
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for chunk in iter(lambda: data.read(1024 * 1024), b""):
            digest.update(chunk)
    earlier = stores.imports.swap_content_hash(record.org_id, digest.hexdigest(), record.import_id)
    changes = {"content_hash": digest.hexdigest()}
    if earlier and earlier["import_id"] != record.import_id and _within(earlier["at"], DUPLICATE_DAYS):
        changes["duplicate_of"] = earlier["import_id"]
    stores.imports.apply(record.org_id, record.import_id, NOTE, changes)
    for name, value in changes.items():  # the caller's record goes on as the table has it now
        setattr(record, name, value)


BEING_IMPORTED = (Stage.VALIDATING, Stage.PROCESSING, Stage.FINALIZING)


class DuplicateRunning(Exception):
    """The file's content is being imported by another import still In Progress."""


def _refuse_running_duplicate(stores: Stores, record: Import) -> None:
    """Refuse a file whose content another import of its type is importing (past its mapping step: one left
    waiting there holds nothing up), unless the user asked to import it anyway. Follows duplicate_of a few
    hops: an import refused this way took the content hash's place, but the one it points to may still be
    running."""
    if record.allow_duplicate_file:
        return
    seen, earlier_id = set(), record.duplicate_of
    while earlier_id and earlier_id not in seen and len(seen) < DUPLICATE_HOPS:
        seen.add(earlier_id)
        earlier = stores.imports.get(record.org_id, earlier_id)
        if earlier and earlier.stage in BEING_IMPORTED and earlier.import_type == record.import_type:
            raise DuplicateRunning(
                f"the same file is being imported by import {earlier_id} (started {earlier.created_at}), "
                "which is still in progress; wait for it to end, or start a new import with "
                '"allow_duplicate_file": true to import it again anyway')
        earlier_id = earlier and earlier.duplicate_of


def _within(moment: str, days: int) -> bool:
    return datetime.now(UTC) - parse_stamp(moment) < timedelta(days=days)


def _check_size(stores: Stores, record: Import) -> None:
    """The presigned POST caps the size, but an emulator does not enforce it: check it here too."""
    found = stores.files.head(record.file_key, record.file_version)
    if found is None:
        raise UnreadableFile("the uploaded file is gone (files are kept 7 days)")
    limit = settings().max_upload_bytes
    if found["ContentLength"] > limit:
        raise UnreadableFile(f"the file is {found['ContentLength'] / 2**20:.1f} MB; at most "
                             f"{limit / 2**20:.0f} MB can be imported")


def _fail_unread(stores: Stores, record: Import, reason: str) -> None:
    stores.imports.apply(record.org_id, record.import_id, NOTE,
                         {"uploaded_at": now(), "file_version": record.file_version})
    fail(stores, record.org_id, record.import_id, reason)


class _opened:
    """The import's file downloaded to a temporary file and opened as a Table; removed on exit.

    The first time an import's file is opened, its content hash is checked against earlier imports."""

    def __init__(self, stores: Stores, record: Import):
        self.stores, self.record = stores, record
        self.path = None

    def __enter__(self) -> tuple[str, Table]:
        _check_size(self.stores, self.record)
        suffix = "." + self.record.file_name.rsplit(".", 1)[-1]
        self.path = self.stores.files.download(self.record.file_key, suffix, self.record.file_version)
        if not self.record.content_hash:
            _check_duplicate(self.stores, self.record, self.path)
        return self.path, read_table(self.path, self.record.file_name)

    def __exit__(self, *_exc) -> None:
        if self.path:
            os.remove(self.path)


def on_validation_request(stores: Stores, org_id: str, import_id: str, time_left: Callable[[], float],
                          retries: int = 0) -> None:
    """A mapping was confirmed, an import retried, or a validation continues: validate it, or read it
    afresh when it has no mapping yet; unless another delivery got there first."""
    record = stores.imports.get(org_id, import_id)
    if record and record.stage == Stage.VALIDATING:
        validate(stores, org_id, import_id, time_left, retries=retries)
    elif record and record.stage == Stage.AWAITING_UPLOAD:
        on_upload(stores, record.file_key)
    else:
        logger.info("validation request for an import not waiting for it: ignored", extra={"import_id": import_id})


def validate(stores: Stores, org_id: str, import_id: str, time_left: Callable[[], float] = lambda: float("inf"),
             retries: int = 0) -> None:
    """Check the file and send its rows on in batches; near the time limit, stop at a checkpoint and ask
    for a continuation, which picks up from there. A transient AWS error asks for a validation again, which
    starts from the last checkpoint (batches sent again keep their numbers: they are counted once)."""
    record = stores.imports.get(org_id, import_id)
    progress = Progress.from_dict(record.checkpoint)
    try:
        with _opened(stores, record) as (_path, table):
            if not record.checkpoint:
                _refuse_running_duplicate(stores, record)
            finished = _validate_part(stores, record, table, progress, not record.checkpoint, time_left)
    except (UnreadableFile, TooManyRows, DuplicateRunning) as error:
        fail(stores, org_id, import_id, str(error))
        return
    except Exception as error:
        if aws.is_transient(error) and retries < settings().validator_transient_retries:
            logger.warning("validation stopped by a transient AWS error: asked for again",
                           extra={"import_id": import_id, "error": str(error), "retries": retries + 1})
            stores.queues.request_validation(org_id, import_id, retries + 1, settings().validator_retry_seconds)
            return
        logger.exception("validation stopped by a system error", extra={"import_id": import_id})
        fail(stores, org_id, import_id, "a system error stopped the import while validating; retry it, and if it "
                                "fails again, contact support with the import id")
        return
    if finished is None:
        return
    if not finished:
        stores.imports.apply(org_id, import_id, CHECKPOINT,
                             {"checkpoint": progress.to_dict(), "rows_validated": progress.rows})
        stores.queues.request_validation(org_id, import_id)
        logger.info("validation continues in a new invocation", extra={"import_id": import_id, "rows": progress.rows})
        return
    counts = {"rows_total": progress.rows, "rows_validated": progress.rows, "batches_total": progress.batches}
    stores.imports.apply(org_id, import_id, START_PROCESSING, counts)
    logger.info("validated", extra={"import_id": import_id, **counts})
    finalize_if_complete(stores, org_id, import_id)


def _validate_part(stores: Stores, record: Import, table: Table, progress: Progress, first: bool,
                   time_left: Callable[[], float]) -> bool | None:
    """True when the file is done, False at a checkpoint, None when the import failed."""
    org_id, import_id = record.org_id, record.import_id
    spec = type_spec(record.import_type)
    mapping = {h: f for h, f in (record.mapping or {}).items() if h in table.headers}
    missing = mappings.missing_required(mapping, spec)
    if missing:
        fail(stores, org_id, import_id, f"the file lacks the required column(s) for {', '.join(missing)}")
        return None
    validator = RowValidator.for_file(spec.name, mapping, table.headers, Options.from_dict(record.options))
    if first:
        head = list(islice(table.rows, DATE_ORDER_ROWS))
        if not head:
            fail(stores, org_id, import_id, "the file has a header row but no data rows")
            return None
        validator.learn_date_orders([cells for _, cells in head])
        progress.date_orders = validator.context["date_orders"]
        stores.imports.apply(org_id, import_id, NOTE, {"headers": table.headers})
        rows = chain(head, table.rows)
    else:
        validator.context["date_orders"] = dict(progress.date_orders)
        rows = islice(table.rows, progress.rows, None)
    return stream_rows(stores, record, rows, validator, progress, time_left, table.cut)


