"""The file's own conflicts, found by the validation run: every valid row with an external id is fed to the file's
ledger (domain/matching/ledger) in file order, so a row giving an id to a clearly different person than an earlier
row goes to its processor rejected, naming that row, whichever batches the two fall in.

Only rows with an external id are validated here (the processors validate every row again, in parallel): a
rejected row holds no id. The ledger's state goes with the run's checkpoint, in the files bucket, as it may take
megabytes (a DynamoDB item holds 400 KB)."""

from ..data.file_keys import ledger_key
from ..data.stores import Stores
from ..domain.contacts import person_fields
from ..domain.import_record import Import
from ..domain.matching.ledger import FileLedger
from ..domain.row_validation import Rejected, RowValidator


class FileConflicts:
    def __init__(self, validator: RowValidator, position: int, ledger: FileLedger):
        self.validator, self.position, self.ledger = validator, position, ledger

    @classmethod
    def of_run(cls, stores: Stores, validator: RowValidator, saved: str | None) -> "FileConflicts | None":
        """The run's ledger (from the state saved at its checkpoint, if any); None when no column is an external
        id."""
        positions = [position for position, name in validator.columns if name == "external_id"]
        if not positions:
            return None
        ledger = FileLedger.from_dict(stores.files.get_json(saved)) if saved else FileLedger()
        return cls(validator, positions[-1], ledger)  # as mapping.pick reads a field mapped twice: the last column

    def problems(self, number: int, cells: list[str]) -> list[tuple[None, str]] | None:
        """Why the row is rejected, when it gives an earlier row's external id to someone else."""
        if not cells[self.position].strip():
            return None
        verdict = self.validator.validate(number, cells)
        if isinstance(verdict, Rejected):
            return None
        conflict = self.ledger.observe(number, person_fields(verdict.record))
        return [(None, conflict.rejection)] if conflict else None

    def save(self, stores: Stores, record: Import, rows: int) -> str:
        """The ledger's state after this many rows, in the files bucket: its key, for the checkpoint."""
        key = ledger_key(record.org_id, record.import_id, record.attempt, rows)
        stores.files.put_json(key, self.ledger.to_dict())
        return key
