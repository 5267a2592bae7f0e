"""What the API does with imports: create one with its upload, show and list them, confirm a mapping."""

import json
from datetime import UTC, date, datetime

from ..data.file_keys import upload_key
from ..data.imports_repo import now, stamp
from ..data.stores import Stores
from ..domain import mapping as mappings
from ..domain import value_dictionary
from ..domain.file_names import safe_file_name
from ..domain.header_reading import Reading, reread
from ..domain.ids import is_id, new_id
from ..domain.import_filter import NO_FILTER, ImportFilter
from ..domain.import_record import Import, Stage, Status, User
from ..domain.import_types import TYPES, type_spec
from ..domain.lifecycle import CONFIRM_MAPPING, REREAD_PREVIEW, RETRY, ZERO_COUNTS
from ..domain.reader import UnreadableFile, file_format
from ..domain.row_validation import Options, option_errors, preview, with_constants
from . import mapping_preview
from .errors import BadRequest, Conflict, NotFound, Unprocessable
from .presenter import original_link, shown_preview, view
from .settings_api import import_options

# A mapping and options are stored with the import (a DynamoDB item holds 400 KB): a file's headers need far less.
MAX_SETTINGS_BYTES = 128 * 1024
CONTENT_TYPES = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "txt": "text/plain",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def import_types() -> list[dict]:
    return [spec.describe() for spec in TYPES.values()]


def create_import(stores: Stores, org_id: str, created_by: User, import_type: str, file_name: str, mapping: dict | None,
                  options: dict | None, allow_duplicate_file: bool = False) -> dict:
    _check_settings_size(mapping, options)
    spec = type_spec(import_type)
    name = safe_file_name(file_name)
    try:
        kind = file_format(name)
    except UnreadableFile as error:
        raise BadRequest(str(error)) from None
    chosen = import_options(stores, org_id, options)
    _check_options(chosen, spec)
    if mapping is not None:
        _check_up_front_mapping(with_constants(mapping, chosen), spec)
    created = datetime.now(UTC)  # the id's time and created_at are one moment: a range of days reads ids by it
    import_id = new_id(created)
    record = Import(
        org_id=org_id, import_id=import_id, created_at=stamp(created), created_by=created_by,
        import_type=spec.name.value, file_name=name, file_key=upload_key(org_id, import_id, name),
        status=Status.IN_PROGRESS, stage=Stage.AWAITING_UPLOAD, failure_reason=None,
        mapping=mapping, options=chosen.to_dict(), **ZERO_COUNTS,
        allow_duplicate_file=allow_duplicate_file,
    )
    stores.imports.create(record)
    upload = stores.files.presigned_upload(record.file_key, CONTENT_TYPES[kind])
    return {"import": view(stores.files, record), "upload": upload}


def _check_settings_size(mapping: dict | None, options: dict | None) -> None:
    size = len(json.dumps({"mapping": mapping, "options": options}).encode())
    if size > MAX_SETTINGS_BYTES:
        raise Unprocessable(f"the mapping and options take {size / 1024:,.0f} KB; at most "
                            f"{MAX_SETTINGS_BYTES // 1024} KB can be kept with an import")


def _check_options(options: Options, spec) -> None:
    errors = option_errors(options, spec)
    if errors:
        raise Unprocessable("; ".join(errors))


def _check_up_front_mapping(mapping: dict, spec) -> None:
    errors = mappings.mapping_errors(mapping, list(mapping), spec)
    missing = mappings.missing_required(mapping, spec)
    if missing:
        errors.append(f"required field(s) not mapped: {', '.join(missing)}")
    if errors:
        raise Unprocessable("; ".join(errors))


def get_import(stores: Stores, org_id: str, import_id: str) -> Import:
    record = stores.imports.get(org_id, import_id) if is_id(import_id) else None
    if record is None:
        raise NotFound(f"no import {import_id}")
    return record


def show(stores: Stores, org_id: str, import_id: str) -> dict:
    return view(stores.files, get_import(stores, org_id, import_id), detail=True)


def list_imports(stores: Stores, org_id: str, limit: int, cursor: str | None,
                 chosen: ImportFilter = NO_FILTER) -> dict:
    """A page of the imports the filter takes, newest first; a filtered page may be short, or empty, and still
    have a next_cursor (a bounded number of imports is read for each page)."""
    if not 1 <= limit <= 100:
        raise BadRequest("limit must be between 1 and 100")
    try:
        items, next_cursor = stores.imports.list_page(org_id, limit, cursor, chosen)
    except ValueError as error:
        raise BadRequest(str(error)) from None
    return {"items": [view(stores.files, i) for i in items], "next_cursor": next_cursor}


def import_filter(text: str | None = None, import_type: str | None = None, status: str | None = None,
                  from_day: str | None = None, to_day: str | None = None) -> ImportFilter:
    """The filter of GET /imports from its query's words; Unprocessable on a type, status or day it cannot be."""
    errors = []
    if import_type and import_type not in TYPES:
        errors.append(f"type must be one of {', '.join(TYPES)}")
    if status and status not in set(Status):
        errors.append(f"status must be one of {', '.join(Status)}")
    days = {}
    for name, text_day in (("from", from_day), ("to", to_day)):
        try:
            days[name] = date.fromisoformat(text_day) if text_day else None
        except ValueError:
            errors.append(f"{name} must be a day written YYYY-MM-DD")
    if days.get("from") and days.get("to") and days["from"] > days["to"]:
        errors.append("from must not be after to")
    if errors:
        raise Unprocessable("; ".join(errors))
    return ImportFilter(text=(text or "").strip(), import_type=import_type or "", status=status or "",
                        from_day=days.get("from"), to_day=days.get("to"))


def _waiting_for_mapping(stores: Stores, org_id: str, import_id: str) -> Import:
    record = get_import(stores, org_id, import_id)
    if record.stage != Stage.MAPPING:
        raise Conflict(f"the import is at stage '{record.stage}', not waiting for a mapping")
    return record


def _proposed(stores: Stores, org_id: str, import_id: str, mapping: dict, options: dict | None, complete: bool):
    """The import waiting for a mapping, its type, headers, the mapping over every header and the options
    as they would be; Unprocessable when the mapping is wrong (or, when complete, lacks required fields)."""
    _check_settings_size(mapping, options)
    record = _waiting_for_mapping(stores, org_id, import_id)
    spec = type_spec(record.import_type)
    chosen = import_options(stores, org_id, record.options, options)
    headers, sample, _ = _as_read(record, chosen.has_header_row)
    full = {h: mapping.get(h) for h in headers}
    errors = mappings.mapping_errors(mapping, headers, spec) + option_errors(chosen, spec)
    missing = mappings.missing_required(with_constants(full, chosen), spec) if complete else []
    if missing:
        errors.append(f"required field(s) not mapped: {', '.join(missing)}")
    if errors:
        raise Unprocessable("; ".join(errors))
    return record, spec, headers, full, chosen, sample


def _as_read(record: Import, has_header_row: bool | None):
    """The preview's headers and sample as the file reads with has_header_row (None: as the preview read it)."""
    stored = record.preview
    headers, sample = stored["headers"], [(shown["row"], shown["cells"]) for shown in stored["sample"]]
    reading = Reading.from_preview(stored, headers, sample)
    wanted = reading.has_header if has_header_row is None else has_header_row
    return reread(reading, headers, sample, wanted, mapping_preview.PREVIEW_ROWS)


def preview_mapping(stores: Stores, org_id: str, import_id: str, mapping: dict, options: dict | None) -> dict:
    """What another mapping would give on the sample rows: missing fields, problems, date orders to ask."""
    record, spec, headers, full, chosen, sample = _proposed(stores, org_id, import_id, mapping, options,
                                                            complete=False)
    return preview(spec.name, headers, sample, full, chosen, _column_values(record))


def _column_values(record: Import) -> dict[str, list[str]] | None:
    """The distinct values of the file's first rows by header, as the intake read them (None: the sample's)."""
    return record.preview.get("column_values")


def switch_header_row(stores: Stores, org_id: str, import_id: str, has_header_row: bool) -> dict:
    """Read the preview again with (or without) its first row as the header; the import keeps waiting for its
    mapping, which is suggested afresh for the headers as now read."""
    record = _waiting_for_mapping(stores, org_id, import_id)
    headers, sample, reading = _as_read(record, has_header_row)
    shown, options = mapping_preview.build(stores, record, headers, sample, reading, record.options)
    if not stores.imports.apply(org_id, import_id, REREAD_PREVIEW, {"preview": shown, "options": options}):
        raise Conflict("the import is no longer waiting for a mapping")
    return shown_preview(shown)


def confirm_mapping(stores: Stores, org_id: str, import_id: str, mapping: dict, options: dict | None, save: bool,
                    allow_duplicate_file: bool = False) -> dict:
    record, spec, headers, full, chosen, sample = _proposed(stores, org_id, import_id, mapping, options,
                                                            complete=True)
    chosen = value_dictionary.resolved(full, chosen, _column_values(record) or {})
    _check_date_orders(spec, headers, sample, full, chosen)
    chosen = chosen.to_dict()
    allowed = {"allow_duplicate_file": True} if allow_duplicate_file else {}  # else the create's choice stands
    changed = stores.imports.apply(org_id, import_id, CONFIRM_MAPPING, {"mapping": full, "options": chosen,
                                                                        "started_at": now(), **allowed})
    if not changed:
        raise Conflict("the mapping was confirmed already")
    if save:
        signature = mappings.headers_signature(headers)
        stores.imports.save_mapping(org_id, spec.name.value, signature, full, chosen)
    stores.queues.request_validation(org_id, import_id)
    return show(stores, org_id, import_id)


def _check_date_orders(spec, headers: list[str], sample: list[tuple[int, list[str]]], full: dict,
                       chosen: Options) -> None:
    """Unprocessable when a date column stays undecided: no evidence in the sample rows, no organisation's
    date order, no choice in the options (its rows would all be rejected)."""
    undecided = preview(spec.name, headers, sample, full, chosen)["date_order_needed"]
    if undecided:
        columns = ", ".join(f"'{header}' ({name})" for header, name in full.items() if name in undecided)
        raise Unprocessable(
            f"the dates of column(s) {columns} read either way (03/04 is 3 April or March 4) and nothing in the "
            'file decides: send options.date_orders, e.g. {"' + undecided[0] + '": "MDY"}, or set the '
            "organisation's country or date order (PUT /settings)")


def retry(stores: Stores, org_id: str, import_id: str, allow_duplicate_file: bool = False) -> dict:
    """Run a Failed import again from its original file, as a new attempt (counted afresh; rows written
    before are written to the same items, never twice); with allow_duplicate_file ("Import anyway"), even
    while an import of the same content is in progress."""
    record = get_import(stores, org_id, import_id)
    if record.status != Status.FAILED:
        raise Conflict(f"only a Failed import can be retried; this one is {record.status}")
    if not record.retry_helps:
        raise Conflict(f"a retry would fail the same way ({record.failure_kind}): {record.failure_reason}")
    original_url, _ = original_link(stores.files, record, check_exists=True)
    if original_url is None:
        raise Conflict("the original file is no longer kept (files are kept 7 days): upload it as a new import")
    stage = Stage.VALIDATING if record.mapping else Stage.AWAITING_UPLOAD
    allowed = {"allow_duplicate_file": True} if allow_duplicate_file else {}  # else the import's choice stands
    changed = stores.imports.apply(org_id, import_id, RETRY, {
        "stage": stage.value, "attempt": record.attempt + 1, "retried_at": now(), "started_at": now(), **allowed})
    if not changed:
        raise Conflict("the import is being retried already")
    stores.queues.request_validation(org_id, import_id)
    return show(stores, org_id, import_id)

