"""Load to List: a list of the contacts an import created or updated, read page by page."""

from ..data.file_keys import import_contacts_key
from ..data.stores import Stores
from ..domain.ids import is_id, new_id
from .errors import BadRequest, Conflict, NotFound
from .import_api import get_import

OUTCOMES = ("created", "updated")


def create_list(stores: Stores, org_id: str, import_id: str, outcome: str | None) -> dict:
    if outcome is not None and outcome not in OUTCOMES:
        raise BadRequest("outcome must be 'created' or 'updated'")
    record = get_import(stores, org_id, import_id)
    if not record.can_load_to_list:
        raise Conflict("Load to List is offered for a successful import that created or updated contacts")
    outcomes = stores.files.get_json(import_contacts_key(org_id, import_id))
    contact_ids = sorted(c for c, o in outcomes.items() if outcome is None or o == outcome)
    list_id = new_id()
    stores.crm.create_list(org_id, list_id, {"import_id": import_id, "outcome": outcome,
                                           "contact_count": len(contact_ids)}, contact_ids)
    return {"list_id": list_id, "contact_count": len(contact_ids), "import_id": import_id, "outcome": outcome}


def list_contacts(stores: Stores, org_id: str, list_id: str, limit: int, cursor: str | None) -> dict:
    if not is_id(list_id) or stores.crm.get_list(org_id, list_id) is None:
        raise NotFound(f"no list {list_id}")
    try:
        contact_ids, next_cursor = stores.crm.list_members(org_id, list_id, limit, cursor)
    except ValueError as error:
        raise BadRequest(str(error)) from None
    return {"items": stores.crm.page_of_profiles(org_id, contact_ids), "next_cursor": next_cursor}
