"""The possible duplicates of an import, page by page: each new contact that scored in the uncertain band
against contacts stored already, with those candidates and their scores, in file order."""

from ..data.file_keys import import_possible_duplicates_key
from ..data.stores import Stores
from .errors import BadRequest
from .import_api import get_import


def page(stores: Stores, org_id: str, import_id: str, limit: int, cursor: str | None) -> dict:
    """A page of the pairs after the row the cursor names (the last row of the page before)."""
    record = get_import(stores, org_id, import_id)
    after = _row_after(cursor)
    key = import_possible_duplicates_key(org_id, import_id)
    pairs = stores.files.get_json(key) if record.possible_duplicates else []
    rest = [{**pair, "import_id": import_id} for pair in pairs if pair["row"] > after]
    items = rest[:limit]
    return {"items": items, "next_cursor": str(items[-1]["row"]) if len(rest) > limit else None}


def _row_after(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not cursor.isdigit() or len(cursor) > 12:
        raise BadRequest("cursor is not one this API gave out")
    return int(cursor)
