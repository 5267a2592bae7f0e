"""GET /imports filtered by the server over HTTP on the local stack: an old import the filters take is found past a
page of newer ones, More (the cursor) keeps the filters, and a filter it cannot be is a 422."""

import pytest

from local.client import Client

pytestmark = pytest.mark.e2e


def test_the_filters_find_an_old_import_past_newer_ones_and_page_on_with_them(stack):
    client = Client(stack.url, token="org-b-token")
    mapping = {"Email": "email", "Amount": "amount", "Date": "date"}
    gifts = client.create_import("donations", "Old Gifts-e2e.csv", mapping)
    client.upload(gifts["upload"], b"Email,Amount,Date\nold@example.org,5,2024-01-02\n", "Old Gifts-e2e.csv")
    done = client.wait_done(gifts["import"]["import_id"])
    newer = [client.create_import("contacts", f"newer-{n}.csv")["import"]["import_id"] for n in range(5)]
    for import_id in newer:
        client.json("POST", f"/imports/{import_id}/cancel")

    assert [i["import_id"] for i in client.json("GET", "/imports", params={"limit": 5})["items"]] == newer[::-1]
    found = client.json("GET", "/imports", params={"limit": 5, "q": "old gifts-e2e", "type": "donations",
                                                   "status": "Success", "from": done["created_at"][:10],
                                                   "to": done["created_at"][:10]})
    assert ([i["import_id"] for i in found["items"]], found["next_cursor"]) == ([done["import_id"]], None)

    cancelled = {"limit": 2, "status": "Failed", "q": "NEWER-"}
    first = client.json("GET", "/imports", params=cancelled)
    rest = client.json("GET", "/imports", params={**cancelled, "cursor": first["next_cursor"]})
    last = client.json("GET", "/imports", params={**cancelled, "cursor": rest["next_cursor"]})
    assert [i["import_id"] for page in (first, rest, last) for i in page["items"]] == newer[::-1]
    assert last["next_cursor"] is None

    refused = client.call("GET", "/imports", params={"status": "Done", "from": "2026-02-30"})
    assert refused.status_code == 422
    assert "status must be one of" in refused.json()["error"]["message"]
