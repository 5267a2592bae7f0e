"""The processor's batch path against in-memory stores: what a batch writes, how it counts, and what becomes of
each row."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from donor_import.data.crm_repo import gift_key_item
from donor_import.data.file_keys import BatchFile, batch_file_key
from donor_import.data.imports_repo import Counting
from donor_import.data.match_keys import KeyClaim
from donor_import.domain import gifts
from donor_import.domain.batch_message import BatchMessage, encode_rows
from donor_import.domain.contacts import new_contact_id, record_id
from donor_import.domain.import_record import Import
from donor_import.domain.matching.keys import MatchKey
from donor_import.services.processor import give_up_batch, process_batch
from tests.fakes import fake_stores

ORG, IMPORT_ID = "org-a", "01PROCESSORTEST00000000000"
COLUMNS = [(0, "email"), (1, "amount"), (2, "date")]
CONTEXT = {"default_region": "US", "date_orders": {}}
FINALIZE = {"org_id": ORG, "import_id": IMPORT_ID, "attempt": 1}  # the request that the import end


def _stores(stage: str = "processing", attempt: int = 1, batches_total: int = 2):
    stores = fake_stores()
    stores.imports.create(Import(
        org_id=ORG, import_id=IMPORT_ID, stage=stage, status="In Progress", attempt=attempt, rows_processed=0,
        rows_failed=0, batches_done=0, batches_total=batches_total,
    ))
    return stores


def _message(rows: list[list], batch_no: int = 1, attempt: int = 1) -> BatchMessage:
    return BatchMessage(org_id=ORG, import_id=IMPORT_ID, import_type="donations", batch_no=batch_no,
                        attempt=attempt, columns=COLUMNS, context=CONTEXT, rows=encode_rows(rows))


def _gift(n: int, email: str, amount: str = "10.00", date: str = "2026-01-05") -> list:
    return [n, [email, amount, date]]


def _failed_rows(stores, batch_no: int = 1, attempt: int = 1) -> list[dict] | None:
    key = batch_file_key(ORG, IMPORT_ID, attempt, BatchFile.FAILED, batch_no)
    return stores.files.get_json(key) if key in stores.files.objects else None


def _counters(stores) -> tuple[int, int, int]:
    record = stores.imports.get(ORG, IMPORT_ID)
    return record.rows_processed, record.rows_failed, record.batches_done


def test_a_valid_batch_writes_its_records_and_counts_once():
    stores = _stores(batches_total=1)
    process_batch(stores, _message([_gift(2, "ada@example.org"), _gift(3, "grace@example.org", "25.50")]))

    donations = sorted(stores.crm.records("donation"), key=lambda d: d["source_row"])
    assert [(d["source_row"], str(d["amount"])) for d in donations] == [(2, "10.00"), (3, "25.50")]
    assert donations[0]["contact_id"] == new_contact_id(IMPORT_ID, 2)
    contacts = stores.files.get_json(batch_file_key(ORG, IMPORT_ID, 1, BatchFile.CONTACTS, 1))
    assert sorted(contacts.values()) == ["created", "created"]
    assert _failed_rows(stores) is None
    assert _counters(stores) == (2, 0, 1)
    assert stores.queues.finalizations == [FINALIZE], "the last batch asks for the import to end"


def test_a_redelivered_batch_counts_nothing_new_and_writes_no_second_gift():
    stores = _stores()
    message = _message([_gift(2, "ada@example.org"), _gift(3, "grace@example.org")])
    process_batch(stores, message)
    process_batch(stores, message)

    assert len(stores.crm.records("donation")) == 2
    assert _failed_rows(stores) is None, "a row is never a duplicate of itself"
    assert _counters(stores) == (2, 0, 1)
    assert stores.imports.record_batch(ORG, IMPORT_ID, 1, 1, 2, 0) is Counting.COUNTED_BEFORE


def test_a_gift_held_by_another_import_makes_the_row_a_duplicate_naming_that_row():
    stores = _stores()
    contact_id = new_contact_id("01OTHER", 9)
    stores.crm.claim_keys(ORG, [KeyClaim(contact_id, (MatchKey("email", "ada@example.org"),))])
    (gift,) = gifts.identities(contact_id, {"date": "2026-01-05", "amount": "10.00"})
    stores.crm.write([gift_key_item(ORG, gift, {"record_id": record_id("01OTHER", 7), "import_id": "01OTHER",
                                                "source_row": 7})])
    process_batch(stores, _message([_gift(2, "ada@example.org"), _gift(3, "grace@example.org")]))

    assert [d["source_row"] for d in stores.crm.records("donation")] == [3]
    assert _failed_rows(stores) == [{
        "row": 2, "cells": ["ada@example.org", "10.00", "2026-01-05"],
        "reason": "duplicate: a gift of 10.00 on 2026-01-05 from this contact exists already "
                  "(row 7 of import 01OTHER)", "fields": []}]
    assert _counters(stores) == (1, 1, 1)
    assert "ada@example.org" not in str(stores.crm.profile_by_id), "a duplicate touches no contact"


def test_the_same_gift_twice_in_a_batch_names_its_first_row():
    stores = _stores()
    process_batch(stores, _message([_gift(2, "ada@example.org"), _gift(3, "ada@example.org")]))

    assert [d["source_row"] for d in stores.crm.records("donation")] == [2]
    (failed,) = _failed_rows(stores)
    assert failed["row"] == 3 and f"(row 2 of import {IMPORT_ID})" in failed["reason"]


@pytest.mark.parametrize(("stage", "attempt"), [("processing", 2), ("finalizing", 1), ("done", 1)])
def test_a_stale_batch_is_dropped(stage, attempt):
    stores = _stores(stage=stage, attempt=attempt)
    process_batch(stores, _message([_gift(2, "ada@example.org")], attempt=1))

    assert stores.crm.requests == 0 and stores.files.objects == {}
    assert _counters(stores) == (0, 0, 0) and stores.queues.finalizations == []


def test_rejected_rows_are_listed_with_their_reasons_in_file_order():
    stores = _stores()
    problems = [["Email", "40,000 characters long, more than the 32,767 a cell holds"]]
    rows = [_gift(2, "ada@example.org", amount="-5"), _gift(3, "grace@example.org"), [4, ["x", "1", "x"], problems],
            _gift(5, "not an email")]
    process_batch(stores, _message(rows))

    failed = _failed_rows(stores)
    assert [f["row"] for f in failed] == [2, 4, 5]
    assert all(f["reason"] for f in failed)
    assert "32,767 a cell holds" in failed[1]["reason"], "a row the validator rejected keeps its problems"
    assert failed[0]["cells"] == ["ada@example.org", "-5", "2026-01-05"]
    assert _counters(stores) == (1, 3, 1)


def test_a_batch_given_up_counts_its_rows_as_errors():
    stores = _stores(batches_total=1)
    give_up_batch(stores, _message([_gift(2, "ada@example.org"), _gift(3, "grace@example.org")]), receive_count=3)

    failed = _failed_rows(stores)
    assert [f["row"] for f in failed] == [2, 3]
    assert failed[0]["reason"].startswith("system error: this row's batch failed 3 times and was set aside")
    assert stores.crm.requests == 0
    assert _counters(stores) == (0, 2, 1) and stores.queues.finalizations == [FINALIZE]


def test_a_batch_given_up_after_it_was_counted_only_finalizes():
    stores = _stores(batches_total=1)
    message = _message([_gift(2, "ada@example.org")])
    process_batch(stores, message)
    stores.imports.update(ORG, IMPORT_ID, {"stage": "processing"})  # as if the flip to finalizing had not run
    give_up_batch(stores, message, receive_count=3)

    assert _failed_rows(stores) is None and _counters(stores) == (1, 0, 1)
    assert len(stores.queues.finalizations) == 2


EMAILS = ["ada@example.org", "grace@example.org", "alan@example.org", "not an email", ""]
AMOUNTS = ["10.00", "25.50", "-5", "abc"]
DATES = ["2026-01-05", "2026-02-30", "2026-03-01"]


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(st.tuples(st.sampled_from(EMAILS), st.sampled_from(AMOUNTS), st.sampled_from(DATES)),
                      min_size=1, max_size=12),
       held=st.lists(st.integers(min_value=0, max_value=11), max_size=4),
       redelivered=st.booleans())
def test_every_row_ends_in_exactly_one_outcome(cells, held, redelivered):
    """Written as a donation, or listed as failed with a reason; never both, never neither; and the counters
    say the same."""
    stores = _stores()
    rows = [[n + 2, list(c)] for n, c in enumerate(cells)]
    for n in held:  # some gifts imported already by another import
        if n < len(rows) and cells[n][1] in ("10.00", "25.50"):
            contact_id = new_contact_id("01OTHER", n)
            if cells[n][0] and "@" in cells[n][0]:
                stores.crm.claim_keys(ORG, [KeyClaim(contact_id, (MatchKey("email", cells[n][0]),))])
            gift = gifts.identities(contact_id, {"date": cells[n][2], "amount": cells[n][1]})[0]
            stores.crm.write([gift_key_item(ORG, gift, {"record_id": "elsewhere", "import_id": "01OTHER",
                                                        "source_row": 99})])
    message = _message(rows)
    for _ in range(2 if redelivered else 1):
        process_batch(stores, message)

    written = [d["source_row"] for d in stores.crm.records("donation")]
    failed = [f["row"] for f in _failed_rows(stores) or []]
    assert all(f["reason"] for f in _failed_rows(stores) or [])
    assert sorted(written + failed) == [r[0] for r in rows]
    assert _counters(stores) == (len(written), len(failed), 1)


def test_gifts_and_contacts_are_counted_once_per_batch_with_the_rows():
    stores = _stores(batches_total=2)
    message = _message([_gift(2, "ada@example.org"), _gift(3, "grace@example.org", "25.50"),
                        _gift(4, "ada@example.org", "5.25", "2026-02-01")])
    process_batch(stores, message)
    process_batch(stores, message)  # redelivered: counted before
    record = stores.imports.get(ORG, IMPORT_ID)
    assert (record.gift_count, record.gift_totals, record.contacts_seen) == (3, {"XXX": Decimal("40.75")}, 2)


def test_a_duplicate_gift_is_not_in_the_gift_totals():
    stores = _stores(batches_total=2)
    process_batch(stores, _message([_gift(2, "ada@example.org"), _gift(3, "ada@example.org")]))
    record = stores.imports.get(ORG, IMPORT_ID)
    assert (record.gift_count, record.gift_totals) == (1, {"XXX": Decimal("10.00")})


def test_a_rejected_row_keeps_the_fields_that_rejected_it():
    stores = _stores(batches_total=2)
    process_batch(stores, _message([_gift(2, "ada@example.org", "abc")]))
    assert [(r["row"], r["fields"]) for r in _failed_rows(stores)] == [(2, ["amount"])]
def _warnings_of(stores, batch_no: int = 1) -> list[dict] | None:
    key = batch_file_key(ORG, IMPORT_ID, 1, BatchFile.WARNINGS, batch_no)
    return stores.files.get_json(key) if key in stores.files.objects else None


def test_a_row_with_an_unassigned_area_code_is_imported_without_its_phone_and_counted_once_as_warned():
    stores = _stores(batches_total=2)
    columns = [*COLUMNS, (3, "phone")]
    rows = [[2, ["ada@example.org", "10", "2026-01-05", "814-129-8994"]],
            [3, ["grace@example.org", "20", "2026-01-05", "(415) 555-0100"]],
            [4, ["-", "20", "2026-01-05", "392-123-6797"]]]  # rejected for its email: its phone warns no one
    message = BatchMessage(org_id=ORG, import_id=IMPORT_ID, import_type="donations", batch_no=1, attempt=1,
                           columns=columns, context=CONTEXT, rows=encode_rows(rows))
    process_batch(stores, message)
    process_batch(stores, message)  # redelivered: the same files, counted once

    assert sorted(d["source_row"] for d in stores.crm.records("donation")) == [2, 3]
    assert _warnings_of(stores) == [{"row": 2, "field": "phone", "value": "814-129-8994",
                                     "reason": "'814-129-8994' is not a valid phone number for region US"}]
    record = stores.imports.get(ORG, IMPORT_ID)
    assert (record.rows_processed, record.rows_failed, record.rows_with_warnings) == (2, 1, 1)
    profiles = {p.get("email"): p for p in stores.crm.profile_by_id.values()}
    assert "phone" not in profiles["ada@example.org"] and profiles["grace@example.org"]["phone"] == "+14155550100"
