"""Cancel: a user ends an import in progress. It moves to the next attempt, so its batches still on the queue or
being processed are stale (not counted, as after a retry), and ends Failed, kind cancelled, with who cancelled
it; its counters keep what was written before it stopped."""

from ..data.imports_repo import now
from ..data.stores import Stores
from ..domain.import_record import Stage, Status, User
from ..domain.lifecycle import CANCEL, NOTE
from .ending.finalizer import merged_outcomes
from .errors import Conflict
from .import_api import get_import, show


def cancel(stores: Stores, org_id: str, import_id: str, user: User) -> dict:
    record = get_import(stores, org_id, import_id)
    if record.status != Status.IN_PROGRESS or record.stage == Stage.FINALIZING:
        raise Conflict(f"only an import in progress can be cancelled; this one is {record.status} "
                       f"({record.stage}): every row has been processed")
    who = user.email or user.sub
    changes = {"attempt": record.attempt + 1, "cancelled_by": user.model_dump(), "finished_at": now(),
               "failure_reason": f"cancelled by {who}; the rows processed before it stopped stay imported"}
    if not stores.imports.apply(org_id, import_id, CANCEL, changes, attempt=record.attempt):
        raise Conflict("the import ended or was retried meanwhile: cancel it again if it is still in progress")
    _note_contacts(stores, org_id, import_id, record.attempt)
    return show(stores, org_id, import_id)


def _note_contacts(stores: Stores, org_id: str, import_id: str, attempt: int) -> None:
    """The distinct contacts the cancelled attempt's batches wrote, counted as the finalizer counts them."""
    outcomes = merged_outcomes(stores, org_id, import_id, attempt)
    created = sum(1 for outcome in outcomes.values() if outcome == "created")
    stores.imports.apply(org_id, import_id, NOTE.within((Stage.DONE,)),
                         {"contacts_created": created, "contacts_updated": len(outcomes) - created})
