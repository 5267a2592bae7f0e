"""The import record as the services read it: its stages and statuses, who ran it, and one typed Import,
validated from the imports table's item.

Fields an older item lacks read as they did before (attempt 1, counters 0); fields a newer version wrote are
ignored, so an older reader keeps working. Changes are written as lifecycle transitions, never as a whole Import."""

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Stage(StrEnum):
    AWAITING_UPLOAD = "awaiting_upload"
    MAPPING = "mapping"
    VALIDATING = "validating"
    PROCESSING = "processing"
    FINALIZING = "finalizing"
    DONE = "done"


class Status(StrEnum):
    """The words the Import page shows."""

    IN_PROGRESS = "In Progress"
    SUCCESS = "Success"
    FAILED = "Failed"


class FailureKind(StrEnum):
    """Why a Failed import failed, as a kind: what the page offers follows from it (RETRYABLE)."""

    BAD_FILE = "bad_file"  # unreadable, empty, missing columns: the same file fails the same way
    NO_VALID_ROWS = "no_valid_rows"  # every row rejected: the error workbook says why
    DUPLICATE_FILE = "duplicate_file"  # the same content is being imported: wait, or import it anyway
    SYSTEM = "system"  # the service failed: a retry may succeed
    STALLED = "stalled"  # stopped making progress: a retry may succeed
    CANCELLED = "cancelled"  # a user cancelled it
    EXPIRED = "expired"  # waited for an upload or a mapping too long


# A retry reads the same file again: it helps only when the file was not the cause.
RETRYABLE = frozenset({FailureKind.SYSTEM, FailureKind.STALLED, FailureKind.CANCELLED, FailureKind.DUPLICATE_FILE})


class ListState(StrEnum):
    CREATING = "creating"  # claimed by the import, its members being written
    READY = "ready"


class User(BaseModel):
    """Who ran an import: the token's subject and email (recorded on the import, shown by the API)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    sub: str
    email: str | None = None


class Import(BaseModel):
    model_config = ConfigDict(extra="ignore")

    org_id: str
    import_id: str
    stage: Stage
    status: Status
    import_type: str = ""
    file_name: str = ""
    file_key: str = ""
    created_at: str | None = None
    created_by: User | None = None
    updated_at: str | None = None
    failure_reason: str | None = None
    failure_kind: FailureKind | None = None
    cancelled_by: User | None = None
    mapping: dict[str, str | None] | None = None
    options: dict = {}
    allow_duplicate_file: bool = False
    # Imports created before attempts were recorded are at attempt 1.
    attempt: int = 1
    rows_total: int = 0
    rows_validated: int = 0
    rows_processed: int = 0
    rows_failed: int = 0
    rows_with_warnings: int = 0
    batches_total: int = 0
    batches_done: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0
    # Counted per batch with the other counters: each batch's distinct contacts (a person met by two batches
    # counts twice: a running figure, not the distinct count the finalizer makes), and a donations import's gifts.
    contacts_seen: int = 0
    gift_count: int = 0
    gift_totals: dict[str, Decimal] = {}
    contacts_matched: int = 0  # matched under "don't change existing contacts": linked to, not updated
    possible_duplicates: int = 0
    # What the upload and the validation learnt about the file.
    uploaded_at: str | None = None
    file_version: str | None = None
    content_hash: str | None = None
    duplicate_of: str | None = None
    corrects_import_id: str | None = None
    headers: list[str] | None = None
    preview: dict | None = None
    checkpoint: dict | None = None
    # The ending, a retry, and the corrections made by later imports.
    retried_at: str | None = None
    started_at: str | None = None  # when rows started to flow (validation began), for the time left
    finalize_requested_at: str | None = None
    finished_at: str | None = None
    errors_written_at: str | None = None
    errors_csv_written_at: str | None = None
    warnings_csv_written_at: str | None = None
    errors_fixed: int = 0
    corrected_by: set[str] = set()
    # Load to List: the import's one list, claimed on the import before its members are written.
    list_id: str | None = None
    list_name: str | None = None
    list_contact_count: int | None = None
    list_state: ListState | None = None
    list_claimed_at: str | None = None

    @property
    def contacts(self) -> int:
        """The distinct people an import created or updated."""
        return self.contacts_created + self.contacts_updated

    @property
    def retry_helps(self) -> bool:
        """A Failed import whose failure a retry can fix (imports failed before kinds were recorded: any)."""
        return self.status == Status.FAILED and (self.failure_kind is None or self.failure_kind in RETRYABLE)

    @property
    def can_load_to_list(self) -> bool:
        """Load to List is offered for a successful import that created or updated contacts."""
        return self.status == Status.SUCCESS and self.contacts + self.contacts_matched > 0

    def item(self) -> dict:
        """The fields as the table stores them (the ones given when it was made, enums as their values)."""
        return self.model_dump(mode="json", exclude_unset=True)
