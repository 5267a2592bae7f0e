"""Where each file of an import lives in the files bucket (the FileStore's keys, and the only code that knows
their form). The first segment of a key is what the template's lifecycle rules and IAM policies name:
uploads/, work/ and errors/ expire after 7 days; results/ and lists/ are kept for Load to List."""

from enum import StrEnum


class BatchFile(StrEnum):
    """The files each batch writes into its attempt's work files."""

    CONTACTS = "contacts"  # {contact_id: "created" | "updated" | "matched"}
    FAILED = "failed"  # the rows that failed in processing
    WARNINGS = "warnings"  # the values accepted rows were imported without
    POSSIBLE_DUPLICATES = "possible_duplicates"  # [{row, contact_id, candidates}] of new contacts like stored ones


def upload_key(org_id: str, import_id: str, file_name: str) -> str:
    return f"uploads/{org_id}/{import_id}/{file_name}"


def parse_upload_key(key: str) -> tuple[str, str, str]:
    """(org_id, import_id, file_name) of an upload key; ValueError when the key is not one."""
    parts = key.split("/", 3)
    if len(parts) != 4 or parts[0] != "uploads" or not all(parts[1:]):
        raise ValueError(f"not an upload key: {key}")
    return parts[1], parts[2], parts[3]


def batch_files_prefix(org_id: str, import_id: str, attempt: int, kind: BatchFile) -> str:
    """Where one attempt of an import keeps its batches' files of a kind (a retry starts a new attempt)."""
    return f"work/{org_id}/{import_id}/{attempt}/{kind}/"


def batch_file_key(org_id: str, import_id: str, attempt: int, kind: BatchFile, batch_no: int) -> str:
    return f"{batch_files_prefix(org_id, import_id, attempt, kind)}{batch_no:07d}.json.gz"


def batch_file_kind(key: str) -> BatchFile | None:
    """The kind of a batch's file, None when the key is not one."""
    parts = key.split("/")
    if len(parts) == 6 and parts[0] == "work" and parts[4] in {kind.value for kind in BatchFile}:
        return BatchFile(parts[4])
    return None


def ledger_key(org_id: str, import_id: str, attempt: int, rows: int) -> str:
    """The state of an attempt's file ledger (its external ids) after this many rows, for its validation's
    checkpoint."""
    return f"work/{org_id}/{import_id}/{attempt}/ledger/{rows:09d}.json.gz"


def error_file_key(org_id: str, import_id: str) -> str:
    return f"errors/{org_id}/{import_id}/errors.xlsx"


def error_csv_key(org_id: str, import_id: str) -> str:
    """Every rejected row, when there are more than the error workbook holds."""
    return f"errors/{org_id}/{import_id}/errors.csv.gz"


def warnings_csv_key(org_id: str, import_id: str) -> str:
    """Every warning, when there are more than the error workbook's Warnings sheet holds."""
    return f"errors/{org_id}/{import_id}/warnings.csv.gz"


def import_contacts_key(org_id: str, import_id: str) -> str:
    """The contacts an import created or updated: kept (no lifecycle rule) for Load to List."""
    return f"results/{org_id}/{import_id}/contacts.json.gz"


def list_members_key(org_id: str, list_id: str, part: int) -> str:
    """A part of a list's members (contact ids in order), kept like results/."""
    return f"lists/{org_id}/{list_id}/{part:06d}.json.gz"


def import_possible_duplicates_key(org_id: str, import_id: str) -> str:
    """The new contacts an import made that may be contacts stored already, with their candidates: kept."""
    return f"results/{org_id}/{import_id}/possible_duplicates.json.gz"


def is_import_contacts_key(key: str) -> bool:
    return key.startswith("results/") and key.endswith("/contacts.json.gz")
