"""The Import page's server side against moto: rejected rows read back page by page, gifts counted by currency
with the other counters (a nested SET in record_batch's transaction), one list per import, Cancel."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import boto3

from donor_import.domain.gift_tally import GiftTally
from donor_import.domain.import_record import Import, Stage, Status

DONATIONS_MAPPING = {"Email": "email", "Amount": "amount", "Date": "date", "Currency": "currency"}
DONATIONS = (
    b"Email,Amount,Date,Currency\n"
    b"ada@example.org,10.00,2026-01-05,USD\n"
    b"ada@example.org,abc,2026-01-06,USD\n"
    b"grace@example.org,25.50,2026-01-07,EUR\n"
    b"grace@example.org,4.50,2026-01-08,usd\n"
    b"bob@example.org,,2026-01-09,USD\n"
)


def _donations(stack) -> dict:
    shown = stack.run_import("donations", "gifts.csv", DONATIONS, DONATIONS_MAPPING)
    assert shown["status"] == "Success", shown
    return shown


def test_a_donations_import_shows_its_gifts_by_currency_and_exact_contacts(stack):
    shown = _donations(stack)
    assert (shown["gift_count"], shown["gift_totals"]) == (3, {"EUR": "25.50", "USD": "14.50"})
    assert (shown["contacts"], shown["contacts_exact"], shown["contacts_so_far"]) == (2, True, None)


def test_rejected_rows_are_read_with_their_headers_and_filtered(stack):
    shown = _donations(stack)
    path = f"/imports/{shown['import_id']}/rejected-rows"
    status, page = stack.call("GET", path)
    assert status == 200, page
    assert [r["row"] for r in page["items"]] == [3, 6] and page["next_cursor"] is None
    assert page["items"][0]["cells"][1] == {"header": "Amount", "value": "abc"}
    assert page["items"][0]["fields"] == ["amount"]
    status, first = stack.call("GET", path, query="limit=1")
    status, second = stack.call("GET", path, query=f"limit=1&cursor={first['next_cursor']}")
    assert [r["row"] for r in first["items"] + second["items"]] == [3, 6]
    status, filtered = stack.call("GET", path, query="reason=not%20an%20amount")
    assert [r["row"] for r in filtered["items"]] == [3]
    assert stack.call("GET", path, token="org-b-token")[0] == 404, "another organisation's import is not found"


def test_the_list_belongs_to_the_import_every_caller_gets_the_same_one_with_gifts(stack):
    shown = _donations(stack)
    path = f"/imports/{shown['import_id']}/list"
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: stack.call("POST", path, {"name": "January donors"}), range(4)))
    assert {status for status, _ in answers} == {201}
    assert len({made["list_id"] for _, made in answers}) == 1, answers
    made = answers[0][1]
    shown = stack.call("GET", f"/imports/{shown['import_id']}")[1]
    assert (shown["list_id"], shown["list_name"], shown["list_contact_count"], shown["list_state"]) == (
        made["list_id"], "January donors", 2, "ready")
    status, contacts = stack.call("GET", f"/lists/{made['list_id']}/contacts")
    assert status == 200, contacts
    gifts = {c["email"]: (c["gift_count"], c["gift_totals"]) for c in contacts["items"]}
    assert gifts == {"ada@example.org": (1, {"USD": "10.00"}),
                     "grace@example.org": (2, {"EUR": "25.50", "USD": "4.50"})}


def test_a_cancelled_import_stops_its_batches_and_keeps_what_was_counted(stack):
    status, created = stack.call("POST", "/imports", {"import_type": "donations", "file_name": "gifts.csv",
                                                      "mapping": DONATIONS_MAPPING})
    import_id = created["import"]["import_id"]
    stack.upload(created["upload"]["fields"]["key"], DONATIONS)
    stack.validate()  # the batches are on the queue, none processed yet
    status, cancelled = stack.call("POST", f"/imports/{import_id}/cancel")
    assert status == 200, cancelled
    assert (cancelled["status"], cancelled["failure_kind"]) == ("Failed", "cancelled")
    assert cancelled["cancelled_by"]["sub"], "who cancelled it is recorded"
    stack.settle()  # the batches in flight are delivered: stale, dropped
    after = stack.call("GET", f"/imports/{import_id}")[1]
    assert (after["status"], after["rows_processed"], after["rows_with_errors"], after["gift_count"]) == (
        "Failed", 0, 0, 0)
    assert stack.call("POST", f"/imports/{import_id}/cancel")[0] == 409, "it has ended"
    assert after["can_retry"], "a cancelled import can be run again"


def test_an_import_that_ended_cannot_be_cancelled(stack):
    shown = _donations(stack)
    status, refused = stack.call("POST", f"/imports/{shown['import_id']}/cancel")
    assert (status, refused["error"]["code"]) == (409, "conflict")


def test_an_import_created_before_gift_totals_existed_counts_its_gifts(stack):
    """A donations import already running when gift totals were deployed has no gift_totals map: its batches
    are still counted, with their gifts (DynamoDB refuses a SET of a nested path under a missing map)."""
    imports = stack.stores.imports
    imports.create(Import(org_id="org-a", import_id="01JOLDIMPORT0000000000000A", stage=Stage.PROCESSING,
                          status=Status.IN_PROGRESS, import_type="donations", batches_total=2))
    boto3.resource("dynamodb").Table(stack.ref("ImportsTable")).update_item(
        Key={"pk": "ORG#org-a", "sk": "IMPORT#01JOLDIMPORT0000000000000A"}, UpdateExpression="REMOVE gift_totals")
    gifts = GiftTally(count=2, totals={"USD": Decimal("12.50")})
    for batch_no in (1, 2):
        assert imports.record_batch("org-a", "01JOLDIMPORT0000000000000A", 1, batch_no, processed=2, failed=0,
                                    contacts=1, gifts=gifts) == "counted"
    record = imports.get("org-a", "01JOLDIMPORT0000000000000A")
    assert (record.gift_count, record.gift_totals, record.rows_processed) == (4, {"USD": Decimal("25.00")}, 4)
