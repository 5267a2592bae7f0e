"""What an import leaves behind, over HTTP on the local stack: the error workbook, a corrected workbook
imported as it is, links that expire, retry, Load to List and duplicate warnings."""

import io
from datetime import UTC, datetime, timedelta

import boto3
import pytest
import requests
from openpyxl import load_workbook

from local.client import Client

pytestmark = pytest.mark.e2e


def donations(tag: str) -> bytes:
    """A donations file with a good row and three bad ones; tag keeps each test's donors its own."""
    return (
        "Email,First Name,Last Name,Amount,Date,Note\n"
        "ada@example.org,Ada,Lovelace,50.00,2026-11-03,=HYPERLINK(\"http://evil.example\")\n"
        "grace@example.org,Grace,Hopper,-5,2026-11-04,+1 555\n"
        "bad-email,Bob,,20.00,2026-11-05,@SUM(A1)\n"
        "linh@example.org,Linh,Nguyen,75.00,2026-11-31,-minus\n"
    ).replace("@example.org", f"@{tag}.example.org").encode()


MAPPING = {"Email": "email", "First Name": "first_name", "Last Name": "last_name", "Amount": "amount",
           "Date": "date", "Note": None}


def run(client: Client, import_type: str, name: str, data: bytes, mapping=None) -> dict:
    created = client.create_import(import_type, name, mapping)
    client.upload(created["upload"], data, name)
    return client.wait_done(created["import"]["import_id"])


def workbook_rows(url: str) -> list[tuple]:
    book = load_workbook(io.BytesIO(requests.get(url, timeout=10).content))
    return list(book.worksheets[0].iter_rows(values_only=True))


def backdate(stack, import_id: str, field: str, days: int) -> None:
    table = boto3.resource("dynamodb").Table(stack.resource("ImportsTable"))
    moment = (datetime.now(UTC) - timedelta(days=days)).isoformat().replace("+00:00", "Z")
    table.update_item(Key={"pk": "ORG#org-a", "sk": f"IMPORT#{import_id}"},
                      UpdateExpression="SET #f = :t", ExpressionAttributeNames={"#f": field},
                      ExpressionAttributeValues={":t": moment})


def test_error_workbook_lists_rejected_rows_with_formulas_as_text(stack):
    done = run(Client(stack.url), "donations", "gifts.csv", donations("workbook"), MAPPING)
    assert (done["status"], done["rows_processed"], done["rows_with_errors"]) == ("Success", 1, 3)
    rows = workbook_rows(done["error_file_url"])
    assert rows[0] == ("Row in original file", "Email", "First Name", "Last Name", "Amount", "Date", "Note", "Reason")
    assert [r[0] for r in rows[1:]] == [3, 4, 5]
    assert len(rows) - 1 == done["rows_with_errors"]
    book = load_workbook(io.BytesIO(requests.get(done["error_file_url"], timeout=10).content))
    note = book.worksheets[0]["G2"]
    assert (note.value, note.data_type) == ("+1 555", "s")
    assert book.worksheets[0]["G3"].data_type == "s" and book.worksheets[0]["G3"].value == "@SUM(A1)"
    assert "amount: '-5' is not a positive amount" in rows[1][-1]
    assert "date: '2026-11-31' is not a real date" in rows[3][-1]


def test_a_corrected_workbook_imports_as_it_is_and_counts_as_fixes(stack):
    client = Client(stack.url)
    first = run(client, "donations", "gifts.csv", donations("corrected"), MAPPING)
    book = load_workbook(io.BytesIO(requests.get(first["error_file_url"], timeout=10).content))
    sheet = book.worksheets[0]
    sheet["E2"] = "5"             # Grace's amount
    sheet["B3"] = "bob@corrected.example.org"  # Bob's email
    corrected = io.BytesIO()
    book.save(corrected)
    second = run(client, "donations", "gifts-errors.xlsx", corrected.getvalue())
    assert second["corrects_import_id"] == first["import_id"]
    assert second["mapping"]["Reason"] is None and second["mapping"]["Amount"] == "amount"
    assert (second["status"], second["rows_processed"], second["rows_with_errors"]) == ("Success", 2, 1)
    assert client.get_import(first["import_id"])["errors_fixed"] == 2


def test_links_are_offered_for_seven_days_then_the_row_says_expired(stack):
    client = Client(stack.url)
    done = run(client, "donations", "gifts.csv", donations("links"), MAPPING)
    assert requests.get(done["original_file_url"], timeout=10).content == donations("links")
    assert done["links_expire_at"] > datetime.now(UTC).isoformat()
    backdate(stack, done["import_id"], "uploaded_at", 8)
    backdate(stack, done["import_id"], "errors_written_at", 8)
    shown = client.get_import(done["import_id"])
    assert (shown["original_file_url"], shown["error_file_url"]) == (None, None)
    assert shown["original_file_expired"] and shown["error_file_expired"]
    listed = next(i for i in client.imports(100) if i["import_id"] == done["import_id"])
    assert listed["original_file_url"] is None and listed["original_file_expired"]


def test_failed_imports_say_why(stack):
    client = Client(stack.url)
    cases = {
        ("empty.csv", b""): "the file is empty",
        ("header.csv", b"Email,Amount,Date\n"): "header row but no data rows",
        ("binary.csv", b"PK\x03\x04\x00\x00binary"): "binary, not text",
        ("text.xlsx", b"Email,Amount\nx@example.org,5\n"): "not a readable XLSX",
    }
    for (name, data), reason in cases.items():
        done = run(client, "donations", name, data, MAPPING if name.endswith(".csv") else None)
        assert done["status"] == "Failed" and reason in done["failure_reason"], (name, done)
    done = run(client, "donations", "cols.csv", b"Email,Amount\nx@example.org,5\n",
               {"Email": "email", "Amount": "amount", "Date": "date"})
    assert "lacks the required column(s) for date" in done["failure_reason"]
    done = run(client, "donations", "bad.csv", b"Email,Amount,Date\nx@example.org,-1,2026-01-01\n",
               {"Email": "email", "Amount": "amount", "Date": "date"})
    assert done["status"] == "Failed" and done["failure_reason"].startswith("no valid rows")
    assert done["rows_with_errors"] == 1 and len(workbook_rows(done["error_file_url"])) == 2
    assert not done["can_load_to_list"]


def test_retry_runs_a_failed_import_again_without_writing_twice(stack):
    client = Client(stack.url)
    done = run(client, "donations", "gifts.csv", donations("retry"), MAPPING)
    table = boto3.resource("dynamodb").Table(stack.resource("ImportsTable"))
    table.update_item(Key={"pk": "ORG#org-a", "sk": f"IMPORT#{done['import_id']}"},
                      UpdateExpression="SET #s = :f, failure_reason = :r",
                      ExpressionAttributeNames={"#s": "status"},
                      ExpressionAttributeValues={":f": "Failed", ":r": "stopped making progress"})
    assert client.call("POST", f"/imports/{done['import_id']}/retry").status_code == 200
    again = client.wait_done(done["import_id"])
    assert (again["status"], again["rows_processed"], again["rows_with_errors"]) == ("Success", 1, 3)
    assert again["duplicate_of"] is None
    assert len([i for i in client.imports(100) if i["import_id"] == done["import_id"]]) == 1
    records = boto3.resource("dynamodb").Table(stack.resource("RecordsTable")).scan()["Items"]
    gifts = [r for r in records if r.get("kind") == "donation" and r["import_id"] == done["import_id"]]
    assert len(gifts) == 1
    assert client.call("POST", f"/imports/{done['import_id']}/retry").status_code == 409


def test_load_to_list_holds_exactly_the_imports_contacts(stack):
    client = Client(stack.url, "org-b-token")
    run(client, "contacts", "old.csv", b"Email,First\nold@example.org,Old\nkeep@example.org,Keep\n",
        {"Email": "email", "First": "first_name"})
    done = run(client, "contacts", "new.csv", b"Email,First\nkeep@example.org,Kept\nnew@example.org,New\n"
               b"fresh@example.org,Fresh\n", {"Email": "email", "First": "first_name"})
    assert (done["contacts_created"], done["contacts_updated"]) == (2, 1)
    made = client.json("POST", f"/imports/{done['import_id']}/list", 201)
    assert made["contact_count"] == 3
    page = client.json("GET", f"/lists/{made['list_id']}/contacts", params={"limit": 2})
    rest = client.json("GET", f"/lists/{made['list_id']}/contacts", params={"cursor": page["next_cursor"]})
    emails = {c["email"] for c in page["items"] + rest["items"]}
    assert emails == {"keep@example.org", "new@example.org", "fresh@example.org"}
    updated = client.json("POST", f"/imports/{done['import_id']}/list", 201, params={"outcome": "updated"})
    items = client.json("GET", f"/lists/{updated['list_id']}/contacts")["items"]
    assert [c["first_name"] for c in items] == ["Kept"]
    assert Client(stack.url).call("GET", f"/lists/{made['list_id']}/contacts").status_code == 404


def test_duplicate_files_and_gifts_are_flagged(stack):
    client = Client(stack.url)
    data = b"Email,Amount,Date,Transaction\ndup@example.org,10.00,2026-01-02,TX-1\ndup@example.org,12.00,2026-01-03,\n"
    mapping = {"Email": "email", "Amount": "amount", "Date": "date", "Transaction": "transaction_id"}
    first = run(client, "donations", "gifts.csv", data, mapping)
    assert first["rows_processed"] == 2 and first["duplicate_of"] is None
    second = run(client, "donations", "gifts again.csv", data, mapping)
    assert second["duplicate_of"] == first["import_id"]
    assert (second["status"], second["rows_processed"], second["rows_with_errors"]) == ("Failed", 0, 2)
    reasons = [r[-1] for r in workbook_rows(second["error_file_url"])[1:]]
    assert reasons[0].startswith("duplicate: transaction id 'TX-1' was imported already")
    assert reasons[1].startswith("duplicate: a gift of 12.00 on 2026-01-03 from this contact exists already")
