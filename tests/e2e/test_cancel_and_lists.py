"""Cancel and Load to List over HTTP on the local stack: a cancelled import's batches in flight stop (what was
counted stays as it was), and an import's one list answered to every caller, read back with gifts."""

import time

import pytest

from local.client import Client

pytestmark = pytest.mark.e2e

ROWS = 6_000  # twelve batches of 500: enough to still be running when it is cancelled


def people(tag: str, rows: int) -> bytes:
    lines = ["Email,First Name,Amount,Date"]
    lines += [f"p{n}@{tag}.example.org,P{n},{n % 90 + 10}.00,2026-03-{n % 28 + 1:02d}" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


MAPPING = {"Email": "email", "First Name": "first_name", "Amount": "amount", "Date": "date"}


def test_a_cancelled_import_stops_its_batches_and_keeps_what_was_counted(stack):
    client = Client(stack.url)
    created = client.create_import("donations", "cancel-me.csv", MAPPING)
    import_id = created["import"]["import_id"]
    client.upload(created["upload"], people("cancelled", ROWS), "cancel-me.csv")
    client.wait(import_id, lambda i: i["stage"] in ("validating", "processing"), timeout=30)
    cancelled = client.json("POST", f"/imports/{import_id}/cancel")
    assert (cancelled["status"], cancelled["failure_kind"]) == ("Failed", "cancelled")
    assert cancelled["rows_processed"] < ROWS, "cancelled while it ran"
    time.sleep(8)  # batches on the queue and in the processors are delivered meanwhile
    after = client.get_import(import_id)
    counted = ("rows_processed", "rows_with_errors", "batches_done", "gift_count", "gift_totals")
    assert {k: after[k] for k in counted} == {k: cancelled[k] for k in counted}, "batches in flight were counted"
    assert (after["status"], after["stage"]) == ("Failed", "done")
    assert client.call("POST", f"/imports/{import_id}/cancel").status_code == 409
    assert after["can_retry"]


def test_the_import_list_is_made_once_and_read_with_gifts(stack):
    client = Client(stack.url)
    created = client.create_import("donations", "listed.csv", MAPPING)
    client.upload(created["upload"], people("listed", 30), "listed.csv")
    done = client.wait_done(created["import"]["import_id"])
    assert (done["status"], done["gift_count"], done["contacts"]) == ("Success", 30, 30)
    path = f"/imports/{done['import_id']}/list"
    made = client.json("POST", path, 201, json={"name": "March donors"})
    again = Client(stack.url).json("POST", path, 201)
    assert again == made and (made["name"], made["contact_count"], made["state"]) == ("March donors", 30, "ready")
    seen, cursor = [], None
    while True:
        page = client.json("GET", f"/lists/{made['list_id']}/contacts", params={"limit": 7, **(
            {"cursor": cursor} if cursor else {})})
        seen += page["items"]
        if not (cursor := page["next_cursor"]):
            break
    assert len({c["contact_id"] for c in seen}) == 30
    assert all(c["gift_count"] == 1 and list(c["gift_totals"]) == ["XXX"] for c in seen)
    assert Client(stack.url, "org-b-token").call("GET", f"/lists/{made['list_id']}/contacts").status_code == 404
