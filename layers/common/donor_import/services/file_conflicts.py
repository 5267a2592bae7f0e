"""The file's own conflicts, found by the validation run: every row with an external id is fed to the file's
ledger (domain/matching/ledger) in file order, so a row giving an id to a clearly different person than an earlier
row goes to its processor rejected, naming that row, whichever batches the two fall in.

The ledger reads the row's id, email and names as the file writes them, without validating the row (the
processors do that, in parallel; validating here too made the run 17 times slower on such files: 139,000 rows/s to
8,200). So a row rejected for another reason (a bad email) still says whose its id is, and a later row giving the
id to someone else is a conflict naming it: the file gives one id to two people either way. The ledger's state
goes with the run's checkpoint, in the files bucket, as it may take megabytes (a DynamoDB item holds 400 KB)."""

from ..data.file_keys import ledger_key
from ..data.stores import Stores
from ..domain.import_record import Import
from ..domain.mapping import pick
from ..domain.matching.ledger import FileLedger
from ..domain.row_validation import RowValidator
from ..domain.rows import split_name

READ = frozenset({"external_id", "email", "first_name", "last_name", "full_name"})


class FileConflicts:
    def __init__(self, columns: list[tuple[int, str]], position: int, ledger: FileLedger):
        self.columns, self.position, self.ledger = columns, position, ledger

    @classmethod
    def of_run(cls, stores: Stores, validator: RowValidator, saved: str | None) -> "FileConflicts | None":
        """The run's ledger (from the state saved at its checkpoint, if any); None when no column is an external
        id."""
        positions = [position for position, name in validator.columns if name == "external_id"]
        if not positions:
            return None
        ledger = FileLedger.from_dict(stores.files.get_json(saved)) if saved else FileLedger()
        columns = [(position, name) for position, name in validator.columns if name in READ]
        return cls(columns, positions[-1], ledger)  # as mapping.pick reads a field mapped twice: the last column

    def problems(self, number: int, cells: list[str]) -> list[tuple[None, str]] | None:
        """Why the row is rejected, when it gives an earlier row's external id to someone else."""
        if not cells[self.position].strip():
            return None
        conflict = self.ledger.observe(number, _person(pick(self.columns, cells)))
        return [(None, conflict.rejection)] if conflict else None

    def save(self, stores: Stores, record: Import, rows: int) -> str:
        """The ledger's state after this many rows, in the files bucket: its key, for the checkpoint."""
        key = ledger_key(record.org_id, record.import_id, record.attempt, rows)
        stores.files.put_json(key, self.ledger.to_dict())
        return key


def _person(row: dict[str, str]) -> dict[str, str]:
    """What the ledger reads of a row, a name in one cell split as validation splits it."""
    if row.get("full_name") and not (row.get("first_name") or row.get("last_name")):
        first, last = split_name(row["full_name"])
        return {**row, "first_name": first or "", "last_name": last or ""}
    return row
