"""An import's rejected rows, page by page, filtered by field or reason: read from its batches' failed rows files
(what the finalizer reads into the error workbook), in file order. A page reads at most MAX_FILES_PER_PAGE of
them, so a filter that matches little still answers quickly, with a cursor to go on."""

import re

from ..data.file_keys import BatchFile, batch_files_prefix
from ..data.stores import Stores
from .errors import BadRequest
from .import_api import get_import

MAX_FILES_PER_PAGE = 20
# "<batch number>.<index of the next row in that batch's file>"
_CURSOR = re.compile(r"^(\d{1,7})\.(\d{1,6})$")


def rejected_rows(stores: Stores, org_id: str, import_id: str, limit: int, cursor: str | None,
                  reason: str | None = None, field: str | None = None) -> dict:
    record = get_import(stores, org_id, import_id)
    first_batch, first_index = _start(cursor)
    prefix = batch_files_prefix(org_id, import_id, record.attempt, BatchFile.FAILED)
    keys = [key for key in stores.files.keys(prefix) if _batch_no(key) >= first_batch]
    headers = record.headers or []
    wanted = _filter(reason, field)
    items: list[dict] = []
    for read, key in enumerate(sorted(keys)):
        batch = _batch_no(key)
        if read == MAX_FILES_PER_PAGE:
            return {"items": items, "next_cursor": f"{batch}.0"}
        rows = stores.files.get_json(key)
        for index in range(first_index if batch == first_batch else 0, len(rows)):
            if wanted(rows[index]):
                items.append(_shown(rows[index], headers))
                if len(items) == limit:
                    return {"items": items, "next_cursor": f"{batch}.{index + 1}"}
    return {"items": items, "next_cursor": None}


def _start(cursor: str | None) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    found = _CURSOR.match(cursor)
    if not found:
        raise BadRequest("cursor is not one this API gave out")
    return int(found[1]), int(found[2])


def _batch_no(key: str) -> int:
    return int(key.rsplit("/", 1)[1].split(".", 1)[0])


def _filter(reason: str | None, field: str | None):
    needle = (reason or "").casefold()
    return lambda row: ((not field or field in row.get("fields", ()))
                        and (not needle or needle in row["reason"].casefold()))


def _shown(row: dict, headers: list[str]) -> dict:
    cells = [{"header": headers[i] if i < len(headers) else f"Column {i + 1}", "value": str(value)}
             for i, value in enumerate(row["cells"])]
    return {"row": row["row"], "cells": cells, "fields": row.get("fields", []), "reason": row["reason"]}
