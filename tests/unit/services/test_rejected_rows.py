"""Rejected rows against in-memory stores: read from the batches' failed rows files of the current attempt, in file
order, filtered by field and reason, page by page."""

import pytest

from donor_import.data.file_keys import BatchFile, batch_file_key
from donor_import.services import rejected_rows as rr
from donor_import.services.errors import BadRequest

from .helpers import ORG, an_import

ID = "01JTESTXMPRT00000000000001"


def _failed(stores, batch_no: int, rows: list[tuple[int, list[str], str]], attempt: int = 1) -> None:
    stores.files.put_json(batch_file_key(ORG, ID, attempt, BatchFile.FAILED, batch_no),
                          [{"row": n, "cells": ["Ada", "x"], "reason": f"{f}: {why}" if f else why,
                            "fields": f and [f] or []} for n, f, why in rows])


@pytest.fixture
def rejected(stores):
    an_import(stores, ID, stage="done", status="Success", headers=["Name", "Amount"], attempt=2)
    _failed(stores, 1, [(2, "amount", "'x' is not an amount")], attempt=1)  # an earlier attempt: not shown
    _failed(stores, 1, [(2, "amount", "'x' is not an amount"), (3, "email", "not an email address")], attempt=2)
    _failed(stores, 3, [(9, None, "duplicate: a gift of 10.00 exists already"), (11, "amount", "missing")], attempt=2)
    return stores


def test_rows_are_shown_in_file_order_with_their_headers(rejected):
    page = rr.rejected_rows(rejected, ORG, ID, 10, None)
    assert [r["row"] for r in page["items"]] == [2, 3, 9, 11] and page["next_cursor"] is None
    assert page["items"][0]["cells"] == [{"header": "Name", "value": "Ada"}, {"header": "Amount", "value": "x"}]
    assert page["items"][0]["fields"] == ["amount"]


def test_pages_follow_one_another_without_gaps_or_repeats(rejected):
    seen, cursor = [], None
    while True:
        page = rr.rejected_rows(rejected, ORG, ID, 1, cursor)
        seen += [r["row"] for r in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == [2, 3, 9, 11]


def test_filters_by_field_and_by_words_of_the_reason(rejected):
    assert [r["row"] for r in rr.rejected_rows(rejected, ORG, ID, 10, None, field="amount")["items"]] == [2, 11]
    assert [r["row"] for r in rr.rejected_rows(rejected, ORG, ID, 10, None, reason="DUPLICATE")["items"]] == [9]


def test_a_page_reads_a_bounded_number_of_files_and_says_where_to_go_on(stores):
    an_import(stores, ID, stage="done", status="Success", headers=["Name", "Amount"])
    for batch in range(1, rr.MAX_FILES_PER_PAGE + 3):
        _failed(stores, batch, [(batch * 10, "email", "not an email address")])
    page = rr.rejected_rows(stores, ORG, ID, 100, None, field="amount")
    assert page["items"] == [] and page["next_cursor"] == f"{rr.MAX_FILES_PER_PAGE + 1}.0"


def test_a_cursor_it_did_not_give_is_refused(rejected):
    with pytest.raises(BadRequest):
        rr.rejected_rows(rejected, ORG, ID, 10, "../../other")
