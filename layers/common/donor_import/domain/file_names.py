"""Uploaded files' names: safe as an S3 key's last part, and in a download's header."""

import re
import unicodedata
from urllib.parse import quote

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


