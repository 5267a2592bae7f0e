"""Load to List: the one list of the contacts an import created or updated, and its contacts page by page with
their gifts.

The list of every contact the import touched belongs to its import: the first call claims it on the import (a
conditional write: CLAIM_LIST), writes its members and marks it written; any later call, from any tab or
colleague, answers the same list. A call that
finds a claim whose writer stopped (older than RESUME_AFTER) writes the members again (the same items). A list of
only the contacts it created, or only those it updated (outcome), is a list of its own, made on each call."""

from datetime import UTC, datetime, timedelta

from ..data.file_keys import import_contacts_key
from ..data.imports_repo import now, parse_stamp
from ..data.stores import Stores
from ..domain.gift_tally import GiftTally
from ..domain.ids import is_id, new_id
from ..domain.import_record import Import, ListState, Stage
from ..domain.lifecycle import CLAIM_LIST, LIST_WRITTEN, NOTE
from . import list_members
from .errors import BadRequest, Conflict, NotFound
from .import_api import get_import
from .money import money

OUTCOMES = ("created", "updated")
# Longer than the API's timeout (30 s): a claim this old has no writer any more.
RESUME_AFTER = timedelta(seconds=60)


def create_list(stores: Stores, org_id: str, import_id: str, outcome: str | None, name: str | None = None) -> dict:
    if outcome is not None and outcome not in OUTCOMES:
        raise BadRequest("outcome must be 'created' or 'updated'")
    record = get_import(stores, org_id, import_id)
    if not record.can_load_to_list:
        raise Conflict("Load to List is offered for a successful import that created or updated contacts")
    if outcome is not None:
        return _outcome_list(stores, record, outcome, name)
    if record.list_id is None and _claim(stores, record, name):
        _write(stores, get_import(stores, org_id, import_id))
    else:
        record = get_import(stores, org_id, import_id)
        if record.list_state != ListState.READY and _writer_gone(record):
            stores.imports.apply(org_id, import_id, NOTE.within((Stage.DONE,)), {"list_claimed_at": now()})
            _write(stores, record)
    return list_answer(get_import(stores, org_id, import_id))


def _members(stores: Stores, record: Import, outcome: str | None) -> list[str]:
    outcomes = stores.files.get_json(import_contacts_key(record.org_id, record.import_id))
    return sorted(c for c, o in outcomes.items() if outcome is None or o == outcome)


def _default_name(record: Import) -> str:
    return f"Contacts from {record.file_name.rsplit('.', 1)[0]}"


def _claim(stores: Stores, record: Import, name: str | None) -> bool:
    """Whether this call claimed the import's list (False: another call did first)."""
    return stores.imports.apply(record.org_id, record.import_id, CLAIM_LIST, {
        "list_id": new_id(), "list_name": name or _default_name(record),
        "list_contact_count": len(_members(stores, record, None)), "list_claimed_at": now(),
    })


def _outcome_list(stores: Stores, record: Import, outcome: str, name: str | None) -> dict:
    """A list of only the contacts the import created (or only those it updated)."""
    list_id, name = new_id(), name or f"{_default_name(record)} ({outcome})"
    count = _store(stores, record, list_id, name, outcome)
    return {"list_id": list_id, "name": name, "contact_count": count, "import_id": record.import_id,
            "outcome": outcome, "state": ListState.READY}


def _store(stores: Stores, record: Import, list_id: str, name: str, outcome: str | None) -> int:
    """The list's members and its record written; how many members."""
    members = _members(stores, record, outcome)
    list_members.write(stores, record.org_id, list_id, members)
    stores.crm.create_list(record.org_id, list_id, {"import_id": record.import_id, "name": name, "outcome": outcome,
                                                    "contact_count": len(members)})
    return len(members)


def _writer_gone(record: Import) -> bool:
    """The writer of a claimed list stopped (it started longer than RESUME_AFTER ago and did not finish)."""
    return datetime.now(UTC) - parse_stamp(record.list_claimed_at or record.finished_at or now()) > RESUME_AFTER


def _write(stores: Stores, record: Import) -> None:
    _store(stores, record, record.list_id, record.list_name, None)
    stores.imports.apply(record.org_id, record.import_id, LIST_WRITTEN)


def list_answer(record: Import) -> dict:
    return {"list_id": record.list_id, "name": record.list_name, "contact_count": record.list_contact_count,
            "import_id": record.import_id, "outcome": None, "state": record.list_state}


def list_contacts(stores: Stores, org_id: str, list_id: str, limit: int, cursor: str | None) -> dict:
    found = stores.crm.get_list(org_id, list_id) if is_id(list_id) else None
    if found is None:
        raise NotFound(f"no list {list_id}")
    contact_ids, next_cursor = list_members.page(stores, org_id, list_id, found["contact_count"], limit, cursor)
    profiles = stores.crm.page_of_profiles(org_id, contact_ids)
    donations = stores.crm.donations_of(org_id, [p["contact_id"] for p in profiles])
    return {"items": [_with_gifts(p, donations[p["contact_id"]]) for p in profiles], "next_cursor": next_cursor}


def _with_gifts(profile: dict, donations: list[dict]) -> dict:
    tally = GiftTally.of(donations)
    return {**profile, "gift_count": tally.count, "gift_totals": money(tally.totals)}

