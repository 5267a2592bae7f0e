"""An import's uploaded file: checked for size, downloaded, opened as a Table; its content hash compared
with the organisation's earlier imports the first time it is opened."""

import hashlib
import os
from datetime import UTC, datetime, timedelta

from ..config import settings
from ..data.imports_repo import parse_stamp
from ..data.stores import Stores
from ..domain.import_record import Import
from ..domain.lifecycle import NOTE
from ..domain.reader import Table, UnreadableFile, read_table

DUPLICATE_DAYS = 30


class opened:
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
        has_header_row = (self.record.options or {}).get("has_header_row")
        return self.path, read_table(self.path, self.record.file_name, has_header_row=has_header_row)

    def __exit__(self, *_exc) -> None:
        if self.path:
            os.remove(self.path)


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
