"""Batches processed at the same moment, as Lambda runs them: every gift written once, every update kept.

Each test cuts a file into BLOCKS batches that repeat the same people (and, for donations, the same gifts),
then hands every batch to its own processor environment behind a barrier, so their reads and writes overlap.
"""

import io
import threading

from openpyxl import load_workbook

from donor_import.config import settings
from donor_import.data.crm_repo import gift_key_item
from donor_import.data.file_keys import error_file_key
from donor_import.data.stores import build
from donor_import.domain import gifts
from donor_import.domain.batch_message import BatchMessage
from donor_import.domain.contacts import new_contact_id, record_id
from donor_import.services.processor import process_batch
from local.event_sources import sqs_record
from local.lambdas import Environment
from local.wrapping import overriding
from tests.lookup import contact_id_by

BLOCKS, PEOPLE = 12, 40


def _email(person: int) -> str:
    return f"p{person}@example.org"


def _profile(email: str) -> dict:
    contact_id = contact_id_by(build().crm, "org-a", "email", email)
    return build().crm.profiles("org-a", {contact_id}).get(contact_id, {"contact_id": contact_id})


def _start(stack, import_type: str, header: str, rows: list[str], mapping: dict, **extra) -> str:
    status, created = stack.call("POST", "/imports", {"import_type": import_type, "file_name": f"{import_type}.csv",
                                                      "mapping": mapping, **extra})
    assert status == 201, created
    stack.upload(created["upload"]["fields"]["key"], (header + "\n" + "\n".join(rows) + "\n").encode())
    return created["import"]["import_id"]


def _process_at_once(stack, prepare=None) -> int:
    """Every message of the batch queue delivered at the same moment, each to its own environment (prepare(its
    handler module) after its cold start); then the finalize request the last of them sent."""
    url, arn = stack.ref("BatchQueue"), stack.refs.values["BatchQueue"]["Arn"]
    messages = []
    while batch := stack.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                             MessageSystemAttributeNames=["All"]).get("Messages"):
        messages += batch
        for message in batch:  # the queue redelivers at once (visibility 0): these are taken
            stack.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    barrier = threading.Barrier(len(messages))
    answers = []

    def deliver(message):
        worker = Environment(stack.functions["ProcessorFunction"], prepare)
        barrier.wait()
        answers.append(worker.invoke({"Records": [sqs_record(message, arn)]}))

    threads = [threading.Thread(target=deliver, args=(m,)) for m in messages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(not a.get("batchItemFailures") for a in answers), answers
    stack.finalize()  # the batch that counted last asked for the import's ending
    return len(messages)


def _one_batch_per_block(monkeypatch) -> None:
    monkeypatch.setenv("BATCH_ROWS", str(PEOPLE))
    settings.cache_clear()


def test_parallel_batches_of_the_same_gifts_write_each_gift_once(stack, monkeypatch):
    _one_batch_per_block(monkeypatch)
    rows = [f"{_email(p)},{10 + p}.00,2026-01-05" for _ in range(BLOCKS) for p in range(PEOPLE)]
    import_id = _start(stack, "donations", "Email,Amount,Date", rows,
                       {"Email": "email", "Amount": "amount", "Date": "date"})
    stack.validate()
    assert _process_at_once(stack) == BLOCKS

    per_donor = [len(stack.stores.crm.records_of("org-a", _profile(_email(p))["contact_id"], "donation"))
                 for p in range(PEOPLE)]
    assert per_donor == [1] * PEOPLE, f"{sum(per_donor)} donations for {PEOPLE} gifts"
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_processed"], shown["rows_with_errors"]) == (
        "Success", PEOPLE, PEOPLE * (BLOCKS - 1))
    assert (shown["contacts_created"], shown["contacts_updated"]) == (PEOPLE, 0)


def test_parallel_batches_adding_tags_to_the_same_contacts_keep_every_tag(stack, monkeypatch):
    _one_batch_per_block(monkeypatch)
    rows = [f"{_email(p)},Name{b},t{b}" for b in range(BLOCKS) for p in range(PEOPLE)]
    import_id = _start(stack, "contacts", "Email,First,Tags", rows,
                       {"Email": "email", "First": "first_name", "Tags": "tags"})
    stack.validate()
    assert _process_at_once(stack) == BLOCKS

    tags_kept = [len(_profile(_email(p)).get("tags", [])) for p in range(PEOPLE)]
    assert tags_kept == [BLOCKS] * PEOPLE, f"tags kept per contact: {sorted(set(tags_kept))} of {BLOCKS}"
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_processed"]) == ("Success", PEOPLE * BLOCKS)
    assert (shown["contacts"], shown["contacts_created"], shown["contacts_updated"]) == (PEOPLE, PEOPLE, 0)


def test_parallel_batches_meeting_the_same_new_people_make_one_contact_each_holding_every_key(stack, monkeypatch):
    """Each block carries the people by their email and a different set of their other keys (phone, none,
    external id, both): every batch claims the new keys at the same moment; the losers match the winners and
    claim their other keys for them."""
    _one_batch_per_block(monkeypatch)
    shapes = [lambda p: f"{_email(p)},+1650253{p:04d},", lambda p: f"{_email(p)},,",
              lambda p: f"{_email(p)},,M-{p}", lambda p: f"{_email(p)},+1650253{p:04d},M-{p}"]
    rows = [f"{shapes[b % len(shapes)](p)},Person{p}" for b in range(len(shapes)) for p in range(PEOPLE)]
    import_id = _start(stack, "contacts", "Email,Phone,Member,First", rows,
                       {"Email": "email", "Phone": "phone", "Member": "external_id", "First": "first_name"})
    stack.validate()
    assert _process_at_once(stack, _claiming_together(len(shapes))) == len(shapes)

    crm = stack.stores.crm
    holders = [{contact_id_by(crm, "org-a", kind, value)
                for kind, value in (("email", _email(p)), ("phone", f"+1650253{p:04d}"), ("external_id", f"M-{p}"))}
               for p in range(PEOPLE)]
    assert [len(found) for found in holders] == [1] * PEOPLE, "each person's keys held by one contact"
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_processed"], shown["rows_with_errors"]) == ("Success", 4 * PEOPLE, 0)
    assert (shown["contacts"], shown["contacts_created"], shown["contacts_updated"]) == (PEOPLE, PEOPLE, 0)


def _claiming_together(batches: int):
    """A prepare that holds each batch's first claim of match keys until every batch has decided its rows, so
    all of them decide before any claims: the race of parallel batches, every time."""
    barrier, first = threading.Barrier(batches, timeout=60), threading.local()

    def prepare(module):
        crm = module.STORES.crm

        def claim_keys(*args):
            if not getattr(first, "passed", False):
                first.passed = True
                barrier.wait()
            return crm.claim_keys(*args)

        module.STORES = overriding(module.STORES, crm={"claim_keys": claim_keys})

    return prepare


GIFTS_MAPPING = {"Email": "email", "Amount": "amount", "Date": "date"}


def _gift_rows() -> list[str]:
    return [f"{_email(p)},{10 + p}.00,2026-01-05" for p in range(PEOPLE)]


def test_a_file_being_imported_is_refused_a_second_time_unless_asked(stack):
    first = _start(stack, "donations", "Email,Amount,Date", _gift_rows(), GIFTS_MAPPING)
    stack.validate()  # the first import's batches wait in the queue: it is still in progress
    second = _start(stack, "donations", "Email,Amount,Date", _gift_rows(), GIFTS_MAPPING)
    stack.validate()
    refused = stack.call("GET", f"/imports/{second}")[1]
    assert (refused["status"], refused["duplicate_of"]) == ("Failed", first)
    assert f"being imported by import {first}" in refused["failure_reason"]
    assert '"allow_duplicate_file": true' in refused["failure_reason"]

    third = _start(stack, "donations", "Email,Amount,Date", _gift_rows(), GIFTS_MAPPING,
                   allow_duplicate_file=True)
    stack.settle()
    assert stack.call("GET", f"/imports/{first}")[1]["rows_processed"] == PEOPLE
    anyway = stack.call("GET", f"/imports/{third}")[1]
    assert (anyway["duplicate_of"], anyway["rows_processed"], anyway["rows_with_errors"]) == (second, 0, PEOPLE)
    assert "duplicate: a gift of 10.00 on 2026-01-05" in _reasons(stack, third)[0]


def _reasons(stack, import_id: str) -> list[str]:
    """The reason column of the import's error workbook."""
    data = stack.s3.get_object(Bucket=stack.ref("FilesBucket"), Key=error_file_key("org-a", import_id))
    rows = list(load_workbook(io.BytesIO(data["Body"].read())).active.iter_rows(values_only=True))
    return [row[-1] for row in rows[1:]]


def test_two_imports_of_one_file_at_once_write_one_set_of_gifts(stack, monkeypatch):
    monkeypatch.setenv("BATCH_ROWS", str(PEOPLE // 4))
    settings.cache_clear()
    both = [_start(stack, "donations", "Email,Amount,Date", _gift_rows(), GIFTS_MAPPING, allow_duplicate_file=True)
            for _ in range(2)]
    stack.validate()
    assert _process_at_once(stack) == 8

    per_donor = [len(stack.stores.crm.records_of("org-a", _profile(_email(p))["contact_id"], "donation"))
                 for p in range(PEOPLE)]
    assert per_donor == [1] * PEOPLE, f"{sum(per_donor)} donations for {PEOPLE} gifts"
    shown = [stack.call("GET", f"/imports/{i}")[1] for i in both]
    assert sum(s["rows_processed"] for s in shown) == PEOPLE
    assert sum(s["rows_with_errors"] for s in shown) == PEOPLE
    assert sum(s["contacts_created"] for s in shown) == PEOPLE


def test_a_redelivered_batch_wins_its_own_gift_keys_again(stack):
    """Keys this batch's rows hold already (a delivery that crashed, or one redelivered after it was
    written) are its own: the rows are written, not refused as duplicates of themselves."""
    import_id = _start(stack, "donations", "Email,Amount,Date", _gift_rows(), GIFTS_MAPPING)
    for p in range(0, PEOPLE, 2):  # half the gifts claimed by their own rows, their donations never written
        contact_id = new_contact_id(import_id, p + 2)  # the contact the row creates
        gift = gifts.identities(contact_id, {"date": "2026-01-05", "amount": f"{10 + p}.00"})[0]
        marker = {"record_id": record_id(import_id, p + 2), "import_id": import_id, "source_row": p + 2}
        stack.stores.crm.write([gift_key_item("org-a", gift, marker)])
    stack.validate()
    (message,) = stack.sqs.receive_message(QueueUrl=stack.ref("BatchQueue"))["Messages"]
    for _ in range(2):  # the second delivery finds the import finalizing: dropped
        process_batch(stack.stores, BatchMessage.model_validate_json(message["Body"]))
    stack.finalize()

    per_donor = [len(stack.stores.crm.records_of("org-a", _profile(_email(p))["contact_id"], "donation"))
                 for p in range(PEOPLE)]
    assert per_donor == [1] * PEOPLE
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_processed"], shown["rows_with_errors"]) == ("Success", PEOPLE, 0)
    assert (shown["contacts_created"], shown["contacts_updated"]) == (PEOPLE, 0)
