"""The import record's life: stages, the status words the Import page shows, ids and file keys."""

import os
import re
import time
import unicodedata
from dataclasses import asdict, dataclass
from enum import StrEnum
from urllib.parse import quote


class Stage(StrEnum):
    AWAITING_UPLOAD = "awaiting_upload"
    MAPPING = "mapping"
    VALIDATING = "validating"
    PROCESSING = "processing"
    FINALIZING = "finalizing"
    DONE = "done"


class Status(StrEnum):
    IN_PROGRESS = "In Progress"
    SUCCESS = "Success"
    FAILED = "Failed"


@dataclass(frozen=True)
class User:
    """Who ran an import: the token's subject and email (recorded on the import, shown by the API)."""

    sub: str
    email: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id() -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, so ids sort by creation time."""
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def is_id(text: str) -> bool:
    """Whether text can be an id this system made (anything else is looked up nowhere)."""
    return len(text) == 26 and all(c in CROCKFORD for c in text)


MAX_FILE_NAME = 120
MAX_EXTENSION = 16


def safe_file_name(name: str) -> str:
    """A file name that is safe as the last part of an S3 key and in a download header; a long one is
    shortened before its extension, which says how the file is read."""
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFKC", base)
    base = re.sub(r"[^\w.\- ()]+", "_", base).strip(" .") or "upload"
    if len(base) <= MAX_FILE_NAME:
        return base
    stem, dot, extension = base.rpartition(".")
    if not dot or len(extension) > MAX_EXTENSION:
        return base[:MAX_FILE_NAME].rstrip(" .")
    return stem[:MAX_FILE_NAME - len(extension) - 1].rstrip(" .") + "." + extension


# RFC 5987 attr-char: what may stand unescaped in filename*=
ATTR_CHARS = "!#$&+-.^_`|~"


def content_disposition(file_name: str) -> str:
    """An attachment header naming the file in any script (RFC 6266 filename*, UTF-8), with an ASCII
    filename for clients that do not read filename* (accents dropped, other letters as "_")."""
    letters = (c for c in unicodedata.normalize("NFKD", file_name) if not unicodedata.combining(c))
    ascii_name = re.sub(r'[^\x20-\x7e]|["\\]', "_", "".join(letters))
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != file_name:
        header += f"; filename*=UTF-8''{quote(file_name, safe=ATTR_CHARS)}"
    return header


def upload_key(org_id: str, import_id: str, file_name: str) -> str:
    return f"uploads/{org_id}/{import_id}/{file_name}"


def parse_upload_key(key: str) -> tuple[str, str, str]:
    """(org_id, import_id, file_name) of an upload key; ValueError when the key is not one."""
    parts = key.split("/", 3)
    if len(parts) != 4 or parts[0] != "uploads" or not all(parts[1:]):
        raise ValueError(f"not an upload key: {key}")
    return parts[1], parts[2], parts[3]


def work_prefix(org_id: str, import_id: str, attempt: int) -> str:
    """Where one attempt of an import keeps its working files (a retry starts a new attempt)."""
    return f"work/{org_id}/{import_id}/{attempt}/"


def batch_file_key(org_id: str, import_id: str, attempt: int, kind: str, batch_no: int) -> str:
    """Per-batch results: kind "contacts" ({contact_id: outcome}) or "failed" (rows failed in processing)."""
    return f"{work_prefix(org_id, import_id, attempt)}{kind}/{batch_no:07d}.json.gz"


def error_file_key(org_id: str, import_id: str) -> str:
    return f"errors/{org_id}/{import_id}/errors.xlsx"


def error_csv_key(org_id: str, import_id: str) -> str:
    """Every rejected row, when there are more than the error workbook holds."""
    return f"errors/{org_id}/{import_id}/errors.csv.gz"

