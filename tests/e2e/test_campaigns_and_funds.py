"""The organisation's campaigns and funds, end to end over the local stack's HTTP API: saved in its settings,
listed with what each file value is read as in the preview's value dictionary, a value changed by the user, the
gifts imported with the organisation's names, and the values that are none of its names left out as warnings,
on the Warnings sheet of the error workbook.

samples/donations-campaigns-funds.csv, counted by hand (the header is row 1, so gift G-1001 is row 2):
- 12 gifts; G-1012 (row 13) gives -5.00: rejected, 1 row with errors, 11 imported.
- campaigns as the organisation writes them: exact (rows 2, 7, 8, 12, 13), any case (row 3), the closest name
  ("Sprng Appeal 2025" row 4, "Year End Appeal 2025" row 9), none (row 10 is blank: no warning);
  "Spring Appeal 2024" (row 6) is close to 2025 but another year: unmapped, a warning; "Golf Day" (rows 7 and
  11) is unmapped in the preview, and the user says it is the Annual Gala 2025.
- funds: exact or any case, "Scholarship Fnd" (row 5) the closest; "Roof Repairs" (rows 8 and 11) none: a warning.
- so warnings on rows 6 (campaign), 8 (fund), 11 (fund): rows_with_warnings 3."""

import io

import boto3
import requests
from openpyxl import load_workbook

from local.client import Client
from local.template import ROOT

SAMPLE = ROOT / "samples" / "donations-campaigns-funds.csv"
CAMPAIGNS = ["Spring Appeal 2025", "Annual Gala 2025", "Year-End Appeal 2025"]
FUNDS = ["General Fund", "Building Fund", "Scholarship Fund"]
MAPPING = {"Gift ID": "transaction_id", "Donor Email": "email", "First Name": "first_name", "Last Name": "last_name",
           "Gift Amount": "amount", "Gift Date": "date", "Appeal": "campaign", "Fund": "fund",
           "Payment Method": "payment_method"}


def _meanings(preview: dict, field: str) -> dict[str, tuple[str | None, str]]:
    (entry,) = [e for e in preview["value_dictionary"] if e["field"] == field]
    assert entry["if_unmapped"] == "warning"
    return {v["value"]: (v["maps_to"], v["how"]) for v in entry["values"]}


def test_the_organisations_campaigns_and_funds_read_the_file_and_the_rest_are_warnings(stack):
    client = Client(stack.url, "org-b-token")  # org-a's settings are other tests' own
    client.json("PUT", "/settings", json={"campaigns": CAMPAIGNS, "funds": FUNDS})
    try:
        created = client.create_import("donations", SAMPLE.name)
        import_id = created["import"]["import_id"]
        client.upload(created["upload"], SAMPLE, SAMPLE.name)
        preview = client.wait(import_id, lambda i: i["stage"] == "mapping")["preview"]
        assert _meanings(preview, "campaign") == {
            "Spring Appeal 2025": ("Spring Appeal 2025", "synonym"),
            "spring appeal 2025": ("Spring Appeal 2025", "synonym"),
            "Sprng Appeal 2025": ("Spring Appeal 2025", "fuzzy"),
            "Annual Gala 2025": ("Annual Gala 2025", "synonym"),
            "Spring Appeal 2024": (None, "unmapped"),
            "Golf Day": (None, "unmapped"),
            "Year End Appeal 2025": ("Year-End Appeal 2025", "fuzzy")}
        assert _meanings(preview, "fund")["Scholarship Fnd"] == ("Scholarship Fund", "fuzzy")
        assert _meanings(preview, "fund")["Roof Repairs"] == (None, "unmapped")

        chosen = {"values": {"campaign": {"Golf Day": "Annual Gala 2025"}}}
        tried = client.json("POST", f"/imports/{import_id}/preview", json={"mapping": MAPPING, "options": chosen})
        assert sorted((w["row"], w["field"]) for w in tried["warnings"]) == [(6, "campaign"), (8, "fund"),
                                                                             (11, "fund")]
        client.confirm_mapping(import_id, MAPPING, options=chosen)
        done = client.wait_done(import_id)
    finally:
        client.json("PUT", "/settings", json={})
    assert (done["status"], done["rows_processed"], done["rows_with_errors"], done["rows_with_warnings"]) == (
        "Success", 11, 1, 3)

    book = load_workbook(io.BytesIO(requests.get(done["error_file_url"], timeout=10).content), read_only=True)
    assert [row[:3] for row in book["Warnings"].iter_rows(min_row=2, values_only=True)] == [
        (6, "Campaign", "Spring Appeal 2024"), (8, "Fund", "Roof Repairs"), (11, "Fund", "Roof Repairs")]
    records = boto3.resource("dynamodb").Table(stack.resource("RecordsTable")).scan()["Items"]
    gifts = {r["transaction_id"]: r for r in records if r.get("kind") == "donation" and r["import_id"] == import_id}
    assert {g: (gifts[g].get("campaign"), gifts[g].get("fund")) for g in ("G-1002", "G-1003", "G-1005", "G-1006",
                                                                          "G-1007", "G-1008", "G-1010")} == {
        "G-1002": ("Spring Appeal 2025", "General Fund"), "G-1003": ("Spring Appeal 2025", "Building Fund"),
        "G-1005": (None, "General Fund"), "G-1006": ("Annual Gala 2025", "General Fund"),
        "G-1007": ("Annual Gala 2025", None), "G-1008": ("Year-End Appeal 2025", "General Fund"),
        "G-1010": ("Annual Gala 2025", None)}


HEADING = "Gift ID,Donor Email,First Name,Gift Amount,Gift Date,Appeal\n"
LATE_MAPPING = {"Gift ID": "transaction_id", "Donor Email": "email", "First Name": "first_name",
                "Gift Amount": "amount", "Gift Date": "date", "Appeal": "campaign"}


def _gifts(prefix: str, appeals: list[str]) -> bytes:
    """A donor's gifts (one donor per prefix), each of its own amount: the same gift twice is a possible duplicate."""
    return (HEADING + "".join(f"{prefix}-{n},{prefix.lower()}@example.org,Lee,{n}.00,2025-03-02,{appeal}\n"
                              for n, appeal in enumerate(appeals, 1))).encode()


def _import(client: Client, data: bytes) -> tuple[str, dict]:
    created = client.create_import("donations", "late-appeals.csv")
    client.upload(created["upload"], data, "late-appeals.csv")
    import_id = created["import"]["import_id"]
    return import_id, client.wait(import_id, lambda i: i["stage"] == "mapping")["preview"]


def test_a_campaign_first_met_after_the_previews_rows_is_read_as_its_closest_and_a_warning_says_so(stack):
    """1,000 gifts to the Spring Appeal 2025 (rows 2-1001, the rows the value dictionary reads), then row 1002
    with "Sprng Appeal 2025": the gift is imported to the Spring Appeal 2025, as the preview would have read it
    had it shown it, and the Warnings sheet says what it was read as."""
    client = Client(stack.url, "org-b-token")
    client.json("PUT", "/settings", json={"campaigns": CAMPAIGNS})
    try:
        import_id, preview = _import(client, _gifts("L", ["Spring Appeal 2025"] * 1000 + ["Sprng Appeal 2025"]))
        assert _meanings(preview, "campaign") == {"Spring Appeal 2025": ("Spring Appeal 2025", "synonym")}
        client.confirm_mapping(import_id, LATE_MAPPING)
        done = client.wait_done(import_id, timeout=120)
    finally:
        client.json("PUT", "/settings", json={})
    assert (done["status"], done["rows_processed"], done["rows_with_errors"], done["rows_with_warnings"]) == (
        "Success", 1001, 0, 1)
    book = load_workbook(io.BytesIO(requests.get(done["error_file_url"], timeout=10).content), read_only=True)
    assert list(book["Warnings"].iter_rows(min_row=2, values_only=True)) == [
        (1002, "Campaign", "Sprng Appeal 2025", "Spring Appeal 2025",
         "'Sprng Appeal 2025' was read as 'Spring Appeal 2025', the closest campaign; the preview did not show it")]
    records = boto3.resource("dynamodb").Table(stack.resource("RecordsTable")).scan()["Items"]
    (late,) = [r for r in records if r.get("import_id") == import_id and r.get("transaction_id") == "L-1001"]
    assert late["campaign"] == "Spring Appeal 2025"


def test_a_saved_mapping_whose_campaign_list_was_emptied_since_is_applied_without_its_campaign_values(stack):
    """A mapping saved with what "Gala 25" means, while the organisation kept campaigns; the organisation then
    empties its list: the next file with those headers gets the saved mapping without the campaign values (the
    preview says so), and confirming it imports "Gala 25" as written, free text."""
    client = Client(stack.url, "org-b-token")
    client.json("PUT", "/settings", json={"campaigns": CAMPAIGNS})
    try:
        first, _ = _import(client, _gifts("S", ["Gala 25"]))
        client.confirm_mapping(first, LATE_MAPPING, save=True,
                               options={"values": {"campaign": {"Gala 25": "Annual Gala 2025"}}})
        assert client.wait_done(first)["status"] == "Success"
        client.json("PUT", "/settings", json={})
        second, preview = _import(client, _gifts("T", ["Gala 25", "Gala 25"]))
        assert preview["saved_mapping_used"] and preview["value_dictionary"] == []
        assert preview["saved_mapping_message"] == (
            "Not applied from the saved mapping: what its campaign values mean (your organisation keeps no list "
            "of campaigns now: any text is kept as written)")
        client.confirm_mapping(second, preview["suggested_mapping"])
        done = client.wait_done(second)
    finally:
        client.json("PUT", "/settings", json={})
    assert (done["status"], done["rows_processed"], done["rows_with_warnings"]) == ("Success", 2, 0)
    records = boto3.resource("dynamodb").Table(stack.resource("RecordsTable")).scan()["Items"]
    assert [r["campaign"] for r in records if r.get("kind") == "donation" and r["import_id"] == second] == [
        "Gala 25", "Gala 25"]
