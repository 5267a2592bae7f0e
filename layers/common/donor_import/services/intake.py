"""Intake: an uploaded file's S3 event. The file is read for a preview (headers, sample rows, a suggested
mapping, the problems it would raise) and the import waits at stage "mapping"; or, when the import has a mapping
already (sent up front, or a corrected error workbook's), its validation run is asked for."""

from itertools import islice

from aws_lambda_powertools import Logger

from ..data.file_keys import parse_upload_key
from ..data.imports_repo import now
from ..data.stores import Stores
from ..domain import error_workbook
from ..domain import mapping as mappings
from ..domain.header_reading import Reading
from ..domain.import_record import FailureKind, Import, Stage
from ..domain.lifecycle import NOTE, OFFER_MAPPING, START_VALIDATION
from ..domain.reader import UnreadableFile
from ..domain.value_dictionary import VALUE_ROWS, distinct_values
from . import mapping_preview
from .ending.finalizer import fail
from .mapping_preview import PREVIEW_CELL_CHARS, PREVIEW_ROWS
from .uploaded_file import opened

logger = Logger(child=True)


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
                                {"uploaded_at": now(), "started_at": now(), "file_version": record.file_version}):
            stores.queues.request_validation(org_id, import_id)
        return
    offer_mapping(stores, record)


def offer_mapping(stores: Stores, record: Import) -> None:
    """Store headers, sample rows and a suggested mapping, and wait at stage "mapping" for the user.

    A corrected error workbook needs no mapping: it is validated at once with its import's mapping."""
    org_id, import_id = record.org_id, record.import_id
    try:
        with opened(stores, record) as (path, table):
            head = list(islice(table.rows, VALUE_ROWS))
            sample = [(n, [c[:PREVIEW_CELL_CHARS] for c in cells]) for n, cells in head[:PREVIEW_ROWS]]
            column_values = distinct_values(table.headers, [cells for _, cells in head])
            headers = table.headers
            reading = Reading(table.has_header, table.header_detected,
                              (table.header_row, [c[:PREVIEW_CELL_CHARS] for c in table.first_row]))
            corrected = _corrected_import(stores, record, path)
    except UnreadableFile as error:
        _fail_unread(stores, record, str(error))
        return
    if not sample:
        _fail_unread(stores, record, "the file has a header row but no data rows")
        return
    if corrected and stores.imports.apply(org_id, import_id, START_VALIDATION, {
        "uploaded_at": now(), "started_at": now(), "file_version": record.file_version,
        "corrects_import_id": corrected.import_id, "options": corrected.options or {},
        "mapping": mappings.carry_over(corrected.mapping, headers),
    }):
        stores.queues.request_validation(org_id, import_id)
        return
    shown, options = mapping_preview.build(stores, record, headers, sample, reading, record.options,
                                           column_values)
    stores.imports.apply(org_id, import_id, OFFER_MAPPING, {
        "preview": shown, "uploaded_at": now(), "file_version": record.file_version, "options": options,
    })


def _corrected_import(stores: Stores, record: Import, path: str) -> Import | None:
    """The import whose error workbook this file is, when it is one of this organisation and type."""
    if not record.file_name.lower().endswith(".xlsx"):
        return None
    about = error_workbook.about(path)
    original = about and stores.imports.get(record.org_id, about.get("import_id", ""))
    if original and original.import_type == record.import_type and original.mapping:
        return original
    return None


def _fail_unread(stores: Stores, record: Import, reason: str) -> None:
    stores.imports.apply(record.org_id, record.import_id, NOTE,
                         {"uploaded_at": now(), "file_version": record.file_version})
    fail(stores, record.org_id, record.import_id, reason, FailureKind.BAD_FILE)
