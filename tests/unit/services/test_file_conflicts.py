"""Within one file, an external id given to a clearly different person is decided by the file's order: the
validation run feeds every valid row to the file's ledger, across the parts of a long file, and the later row goes
to its processor rejected, naming the row that holds the id; counted and listed as every rejected row is."""

import itertools

from donor_import.domain.batch_message import BatchMessage, decode_rows
from donor_import.services import rejected_rows, validation_run
from donor_import.services.ending import finalizer
from donor_import.services.processor import process_batch

from .helpers import ORG, an_import

MAPPING = {"Member": "external_id", "Email": "email", "First Name": "first_name"}
HEADER = "Member,Email,First Name\n"
CONFLICT = "conflict: external id 'M-1' is row {row}'s, a different person (another name and email)"


def _validated(stores, rows: list[str], time_left=lambda: float("inf")) -> str:
    text = HEADER + "".join(f"{row}\n" for row in rows)
    record = an_import(stores, mapping=MAPPING, stage="validating")
    stores.files.objects[record.file_key] = text.encode()
    validation_run.validate(stores, ORG, record.import_id, time_left)
    return record.import_id


def _rejected(stores) -> dict[int, str]:
    """{row: reason} of the rows the validator sent rejected already."""
    return {number: problems for body in stores.queues.batches for number, _, *found in decode_rows(body["rows"])
            for problems in found}


def _processed(stores, import_id: str) -> list[dict]:
    for body in stores.queues.batches:
        process_batch(stores, BatchMessage.model_validate(body))
    for request in stores.queues.finalizations:
        finalizer.on_finalize_request(stores, **request)
    return rejected_rows.rejected_rows(stores, ORG, import_id, 100, None)["items"]


def test_a_later_row_giving_an_id_to_someone_else_is_rejected_naming_the_first(stores):
    import_id = _validated(stores, ["M-1,ada@example.org,Ada", "M-2,grace@example.org,Grace",
                                    "M-1,bob@example.org,Bob",  # someone else: a conflict
                                    "M-1,ada.new@example.org,Adie",  # Ada's nickname: Ada
                                    "M-1,bob@example.org,Robert"])  # another name, but not Ada's email either
    assert _rejected(stores) == {4: [[None, CONFLICT.format(row=2)]], 6: [[None, CONFLICT.format(row=2)]]}
    listed = _processed(stores, import_id)
    assert [(row["row"], row["reason"]) for row in listed] == [(4, CONFLICT.format(row=2)),
                                                               (6, CONFLICT.format(row=2))]
    done = stores.imports.get(ORG, import_id)
    assert (done.status, done.rows_processed, done.rows_failed, done.contacts_created) == ("Success", 3, 2, 2)


def test_a_row_rejected_for_another_reason_still_says_whose_its_id_is(stores):
    _validated(stores, ["M-1,not-an-email,Ada", "M-1,bob@example.org,Bob", "M-1,ada@example.org,Ada"])
    assert _rejected(stores) == {3: [[None, CONFLICT.format(row=2)]]}


def test_a_name_in_one_cell_is_read_as_validation_reads_it(stores):
    record = an_import(stores, mapping={"Member": "external_id", "Name": "full_name"}, stage="validating")
    stores.files.objects[record.file_key] = b"Member,Name\nM-1,Ada Lovelace\nM-1,\"Lovelace, Ada\"\nM-1,Bob Lee\n"
    validation_run.validate(stores, ORG, record.import_id)
    assert _rejected(stores) == {4: [[None, CONFLICT.format(row=2)]]}


def test_a_file_without_external_ids_keeps_no_ledger(stores):
    record = an_import(stores, mapping={"Email": "email", "First Name": "first_name"}, stage="validating")
    stores.files.objects[record.file_key] = (HEADER + "M-1,ada@example.org,Ada\n" * 2500).encode()
    checks = itertools.count()
    validation_run.validate(stores, ORG, record.import_id, lambda: 1e9 if next(checks) < 1 else 0)
    assert stores.imports.get(ORG, record.import_id).checkpoint["ledger"] is None
    assert list(stores.files.objects) == [record.file_key]


def test_a_resumed_run_still_knows_the_ids_of_its_first_part(stores):
    people = [f"M-{n},p{n}@example.org,P{'abcdefghij'[n % 10]}{n}" for n in range(2, 2500)]
    rows = ["M-1,ada@example.org,Ada", *people, "M-1,bob@example.org,Bob"]  # the last row is part 2's
    checks = itertools.count()
    import_id = _validated(stores, rows, lambda: 1e9 if next(checks) < 1 else 0)
    paused = stores.imports.get(ORG, import_id)
    assert paused.checkpoint["rows"] == 2000 and paused.checkpoint["ledger"] in stores.files.objects
    assert _rejected(stores) == {}
    validation_run.validate(stores, ORG, import_id)

    assert _rejected(stores) == {2501: [[None, CONFLICT.format(row=2)]]}
    assert stores.imports.get(ORG, import_id).stage == "processing"
