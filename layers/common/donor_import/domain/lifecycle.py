"""An import's lifecycle: the transitions it may make, each leaving from some stages and setting (or removing)
some fields, and the sets of stages and counters the services share. ImportsTable.apply writes a transition as
one conditional update: the only way an import changes after it is created, besides the counting of batches
(ImportsTable.record_batch, fenced by COUNTING_STAGES and the batch's attempt)."""

from dataclasses import dataclass, field, replace

from .import_record import FailureKind, ListState, Stage, Status

OPEN_STAGES = (Stage.AWAITING_UPLOAD, Stage.MAPPING, Stage.VALIDATING, Stage.PROCESSING, Stage.FINALIZING)
# Batches count while their attempt is the import's and it validates or processes them.
COUNTING_STAGES = (Stage.VALIDATING, Stage.PROCESSING)

# The counters of an import, at its start and at each retry's.
ZERO_COUNTS = {"rows_total": 0, "rows_validated": 0, "rows_processed": 0, "rows_failed": 0, "rows_with_warnings": 0,
               "batches_total": 0, "batches_done": 0, "contacts_created": 0, "contacts_updated": 0,
               "contacts_matched": 0, "possible_duplicates": 0, "contacts_seen": 0, "gift_count": 0,
               "gift_totals": {}}
RESET_ON_RETRY = {
    "status": Status.IN_PROGRESS.value, "failure_reason": None, "failure_kind": None, "cancelled_by": None,
    **ZERO_COUNTS, "errors_written_at": None,
    "errors_csv_written_at": None, "warnings_csv_written_at": None, "finished_at": None,
}


@dataclass(frozen=True)
class Transition:
    """leaves: the stages it may start from (None: any); sets: what it always sets, besides what the caller
    gives; removes: fields it drops; fenced: only at the attempt the caller names (a stale attempt's work is
    refused); opens/closes: whether the import is In Progress after it (the watchdog's index lists those)."""

    name: str
    leaves: tuple[Stage, ...] | None
    sets: dict = field(default_factory=dict)
    removes: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    fenced: bool = False
    opens: bool = False
    closes: bool = False

    @property
    def from_stages(self) -> tuple[str, ...] | None:
        return tuple(s.value for s in self.leaves) if self.leaves is not None else None

    def within(self, stages: tuple[Stage, ...]) -> "Transition":
        """The same transition, leaving from fewer stages."""
        return replace(self, leaves=stages)


# Facts about the file or the run that change no stage (the duplicate check, the headers, a failed upload's time).
NOTE = Transition("note", None)
OFFER_MAPPING = Transition("offer mapping", (Stage.AWAITING_UPLOAD,), {"stage": Stage.MAPPING.value})
START_VALIDATION = Transition("start validation", (Stage.AWAITING_UPLOAD,), {"stage": Stage.VALIDATING.value})
# The user switched how the file's first row is read: the preview is read again, the import still waits.
REREAD_PREVIEW = Transition("re-read the preview", (Stage.MAPPING,))
CONFIRM_MAPPING = Transition("confirm mapping", (Stage.MAPPING,), {"stage": Stage.VALIDATING.value},
                             removes=("preview",))
HEARTBEAT = Transition("heartbeat", (Stage.VALIDATING,))
CHECKPOINT = Transition("checkpoint", (Stage.VALIDATING,))
START_PROCESSING = Transition("start processing", (Stage.VALIDATING,), {"stage": Stage.PROCESSING.value},
                              removes=("checkpoint",))
START_FINALIZING = Transition("start finalizing", (Stage.PROCESSING,), {"stage": Stage.FINALIZING.value},
                              fenced=True)
ASK_FINALIZATION_AGAIN = Transition("ask for the finalization again", (Stage.FINALIZING,), fenced=True)
FINISH = Transition("finish", (Stage.FINALIZING,), {"stage": Stage.DONE.value}, fenced=True, closes=True)
# A retry reads the file from the start: a failure drops the checkpoint.
FAIL = Transition("fail", OPEN_STAGES, {"status": Status.FAILED.value, "stage": Stage.DONE.value},
                  removes=("checkpoint",), closes=True)
RETRY = Transition("retry", (Stage.DONE,), RESET_ON_RETRY, opens=True)
# Cancel moves the import to the next attempt, as a retry does, so its batches still in flight are stale:
# fenced, the caller gives the attempt it saw and the one after it.
CANCEL = Transition("cancel", (Stage.AWAITING_UPLOAD, Stage.MAPPING, Stage.VALIDATING, Stage.PROCESSING),
                    {"status": Status.FAILED.value, "stage": Stage.DONE.value,
                     "failure_kind": FailureKind.CANCELLED.value},
                    removes=("checkpoint", "preview"), fenced=True, closes=True)
# Load to List: the first caller claims the import's list (its id, name and size); the others find it.
CLAIM_LIST = Transition("claim the list", (Stage.DONE,), {"list_state": ListState.CREATING.value},
                        absent=("list_id",))
LIST_WRITTEN = Transition("list written", (Stage.DONE,), {"list_state": ListState.READY.value})
