"""How the API shows an import: its counters, download links while their files live, no internal keys; and the
words a user reads for each stage."""

from datetime import UTC, datetime, timedelta

from ..data import imports_repo
from ..data.file_keys import error_csv_key, error_file_key, warnings_csv_key
from ..domain.file_names import content_disposition
from ..domain.import_record import Import, Stage, Status
from ..domain.import_types import ImportType
from ..domain.value_lists import VALUE_LISTS
from .money import money

LINK_DAYS = 7
SAMPLE_ROWS = 10

STAGE_LABELS = {
    Stage.AWAITING_UPLOAD: "Waiting for the file",
    Stage.MAPPING: "Waiting for column mapping",
    Stage.VALIDATING: "Validating rows",
    Stage.PROCESSING: "Processing",
    Stage.FINALIZING: "Finishing",
    Stage.DONE: "Done",
}


def stage_labels() -> dict[str, str]:
    """Every stage, in the order an import goes through them, with the words the Import page shows."""
    return {stage.value: STAGE_LABELS[stage] for stage in Stage}


def link(files, key: str | None, since: str | None, file_name: str, check_exists: bool = False,
         version_id: str | None = None) -> tuple[str | None, datetime | None]:
    """A short-lived download link while the file is younger than 7 days (the lifecycle rules delete it
    after that); with check_exists, only when the object is really there."""
    written = imports_repo.parse_stamp(since) if since else None
    if not key or not written:
        return None, None
    expires = written + timedelta(days=LINK_DAYS)
    if datetime.now(UTC) >= expires or (check_exists and files.head(key, version_id) is None):
        return None, expires
    return files.presigned_download(key, content_disposition(file_name), version_id), expires


def original_link(files, record: Import, check_exists: bool) -> tuple[str | None, datetime | None]:
    """The uploaded file as the import read it (its pinned version)."""
    return link(files, record.file_key, record.uploaded_at, record.file_name, check_exists, record.file_version)


def view(files, record: Import, detail: bool = False) -> dict:
    """The import as the API shows it (api_models.ImportAnswer).

    The detail view checks that the files still exist; the list trusts their age (one call less a row)."""
    original_url, original_expires = original_link(files, record, detail)
    error_name = record.file_name.rsplit(".", 1)[0] + "-errors.xlsx"
    error_key = error_file_key(record.org_id, record.import_id) if record.errors_written_at else None
    error_url, error_expires = link(files, error_key, record.errors_written_at, error_name, detail)
    csv_key = error_csv_key(record.org_id, record.import_id) if record.errors_csv_written_at else None
    csv_url, _ = link(files, csv_key, record.errors_csv_written_at,
                      error_name.removesuffix(".xlsx") + ".csv.gz", detail)
    warnings_key = warnings_csv_key(record.org_id, record.import_id) if record.warnings_csv_written_at else None
    warnings_url, _ = link(files, warnings_key, record.warnings_csv_written_at,
                           record.file_name.rsplit(".", 1)[0] + "-warnings.csv.gz", detail)
    rows_with_errors = record.rows_failed
    shown = record.model_dump(mode="json", include={
        "import_id", "created_at", "import_type", "file_name", "status", "stage", "failure_reason",
        "rows_total", "rows_validated", "rows_processed", "rows_with_warnings", "batches_total", "batches_done",
        "contacts_created", "contacts_updated", "contacts_matched", "possible_duplicates", "mapping", "options",
        "finished_at", "corrects_import_id", "duplicate_of", "created_by", "allow_duplicate_file", "failure_kind",
        "cancelled_by", "started_at", "list_id", "list_name", "list_contact_count", "list_state",
    })
    shown.update({
        "rows_with_errors": rows_with_errors,
        "errors_fixed": min(record.errors_fixed, rows_with_errors),
        "contacts": record.contacts,
        "error_file_url": error_url,
        "error_csv_url": csv_url,  # every rejected row, when there are more than the error workbook holds
        "warnings_csv_url": warnings_url,  # every warning, likewise
        "original_file_url": original_url,
        "original_file_expired": bool(original_expires and not original_url),
        "error_file_expired": bool(error_expires and not error_url),
        "links_expire_at": _iso(min(filter(None, [original_expires, error_expires]), default=None)),
        "can_load_to_list": record.can_load_to_list,
        "can_retry": record.retry_helps and bool(original_url),
        **_running_figures(record),
    })
    if detail and record.stage == Stage.MAPPING and record.preview:
        shown["preview"] = shown_preview(record.preview)
    return shown


def _running_figures(record: Import) -> dict:
    """Gifts (a donations import's), the running contacts figure while the import runs, and the time left."""
    running = record.status == Status.IN_PROGRESS
    gifts = ({"gift_count": record.gift_count, "gift_totals": money(record.gift_totals)}
             if record.import_type == ImportType.DONATIONS else {"gift_count": None, "gift_totals": None})
    return {**gifts, "contacts_exact": not running, "contacts_so_far": record.contacts_seen if running else None,
            "seconds_left": seconds_left(record) if running else None}


# An estimate waits for this share of the rows, and for this long: the first batches say little.
ESTIMATE_AFTER_SHARE, ESTIMATE_AFTER_SECONDS = 0.02, 5


def seconds_left(record: Import, moment: datetime | None = None) -> int | None:
    """Time left at the pace so far (rows done since processing started), None until there is enough to go on:
    the file's rows counted (validation over), a share of them done, a few seconds gone."""
    done = record.rows_processed + record.rows_failed
    if record.stage != Stage.PROCESSING or not record.rows_total or not record.started_at:
        return None
    elapsed = ((moment or datetime.now(UTC)) - imports_repo.parse_stamp(record.started_at)).total_seconds()
    if done < max(1, record.rows_total * ESTIMATE_AFTER_SHARE) or elapsed < ESTIMATE_AFTER_SECONDS:
        return None
    return round(elapsed * max(0, record.rows_total - done) / done)


def shown_preview(stored: dict) -> dict:
    """The stored preview as the API shows it: the first sample rows keyed by header (the first row's cells, kept
    for the header-row switch, are not shown: they are the headers or the first sample row; nor the column values
    the value dictionary reads)."""
    shown = {key: value for key, value in stored.items() if key not in ("sample", "first_row", "column_values")}
    shown["sample_rows"] = [dict(zip(stored["headers"], s["cells"], strict=False))
                            for s in stored["sample"][:SAMPLE_ROWS]]
    if "value_dictionary" in stored:
        shown["value_dictionary"] = [_with_if_unmapped(entry) for entry in stored["value_dictionary"]]
    return shown


def _with_if_unmapped(entry: dict) -> dict:
    """A preview stored before the dictionary said what a value of no meaning does held only the built-in lists,
    whose answer never changes: it is given, so an import waiting at the mapping step across a deploy still shows."""
    return entry if "if_unmapped" in entry else {**entry, "if_unmapped": VALUE_LISTS[entry["field"]].if_unmapped}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z") if moment else None
