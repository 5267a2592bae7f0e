"""A list's members: its contact ids in order, in files of MEMBERS_PER_FILE, written in parallel and read page by
page. One PutObject per thousand contacts instead of one BatchWriteItem per 25 (bench/list_writes.py measures
both), so a 60,000-contact list is written in a few seconds."""

import re
from concurrent.futures import ThreadPoolExecutor

from ..data.file_keys import list_members_key
from ..data.stores import Stores
from .errors import BadRequest

MEMBERS_PER_FILE = 1000
WRITERS = 8
# "<part>.<index of the next member in that part>"
_CURSOR = re.compile(r"^(\d{1,6})\.(\d{1,4})$")


def write(stores: Stores, org_id: str, list_id: str, contact_ids: list[str]) -> None:
    """The members' files (rewriting them writes the same files: a resumed list changes nothing)."""
    parts = [contact_ids[start : start + MEMBERS_PER_FILE]
             for start in range(0, len(contact_ids), MEMBERS_PER_FILE)] or [[]]
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        list(pool.map(lambda n: stores.files.put_json(list_members_key(org_id, list_id, n), parts[n]),
                      range(len(parts))))  # list(): a failed write raises here


def page(stores: Stores, org_id: str, list_id: str, count: int, limit: int,
         cursor: str | None) -> tuple[list[str], str | None]:
    """Up to limit members from the cursor on (at most two files read), and the cursor of the next page."""
    part, index = _start(cursor)
    found: list[str] = []
    while len(found) < limit and part * MEMBERS_PER_FILE + index < count:
        members = stores.files.get_json(list_members_key(org_id, list_id, part))
        taken = members[index : index + limit - len(found)]
        found += taken
        part, index = (part + 1, 0) if index + len(taken) >= len(members) else (part, index + len(taken))
    more = part * MEMBERS_PER_FILE + index < count
    return found, f"{part}.{index}" if more else None


def _start(cursor: str | None) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    found = _CURSOR.match(cursor)
    if not found or int(found[2]) >= MEMBERS_PER_FILE:
        raise BadRequest("cursor is not one this API gave out")
    return int(found[1]), int(found[2])
