"""The import record's life: stages, the status words the Import page shows, ids and file names."""

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


