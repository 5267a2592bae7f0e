"""Real-shaped files for each cause of issue 16 this covers, imported through the local stack's API with the
suggested mapping accepted as it comes, and the counts a person looking at the file expects (how each was
counted is written by it)."""

import pytest

from local.client import Client
from local.template import ROOT

SAMPLES = ROOT / "samples"


def _import(stack, import_type: str, name: str, switch_header_row: bool | None = None, mapping: dict | None = None,
            token: str = "org-a-token") -> tuple[dict, dict]:
    client = Client(stack.url, token)
    created = client.create_import(import_type, name)
    import_id = created["import"]["import_id"]
    client.upload(created["upload"], SAMPLES / name, name)
    preview = client.wait(import_id, lambda i: i["stage"] == "mapping")["preview"]
    if switch_header_row is not None:
        preview = client.json("PUT", f"/imports/{import_id}/preview", json={"has_header_row": switch_header_row})
    client.confirm_mapping(import_id, mapping or preview["suggested_mapping"])
    return preview, client.wait_done(import_id)


def _contacts(stack, import_id: str, token: str) -> dict[str, dict]:
    client = Client(stack.url, token)
    made = client.json("POST", f"/imports/{import_id}/list", 201)
    page = client.json("GET", f"/lists/{made['list_id']}/contacts", params={"limit": 100})
    return {c.get("email") or c.get("external_id"): c for c in page["items"]}


def test_givewp_gifts_with_written_dates_and_times_all_import(stack):
    # 10 gift rows, every one valid ("May 11, 2019 11:21 AM" is a date); 8 distinct emails (Ada and Grace give twice).
    preview, done = _import(stack, "donations", "givewp-donations.csv")
    assert preview["missing_required"] == [] and preview["problems"] == []
    assert (done["status"], done["rows_processed"], done["rows_with_errors"], done["contacts"]) == (
        "Success", 10, 0, 8)


def test_civicrm_contributions_map_by_their_own_labels(stack):
    # 6 rows: CiviCRM's External Identifier / Total Amount / Receive Date / Financial Type are suggested; the
    # soft-credit email is someone else's and maps to nothing; garnet's -10 is no gift (1 error); 5 donors.
    preview, done = _import(stack, "donations", "civicrm-contributions.csv")
    assert preview["suggested_mapping"]["Soft Credit to"] is None
    assert {preview["suggested_mapping"][h] for h in ("External Identifier", "Total Amount", "Receive Date",
                                                       "Financial Type")} == {"external_id", "amount", "date", "fund"}
    assert (done["status"], done["rows_processed"], done["rows_with_errors"], done["contacts"]) == (
        "Success", 5, 1, 5)


def test_a_file_without_a_header_row_keeps_its_first_record(stack):
    # 4 gift lines and no header: all 4 are gifts (row 1 included), from 3 people (Ada gives twice).
    preview, done = _import(stack, "donations", "headerless-gifts.csv")
    assert (preview["header_row"], preview["headers"][0]) == (False, "Column 1")
    assert "Row 1 looks like a record" in preview["header_row_message"]
    assert (done["status"], done["rows_total"], done["rows_processed"], done["rows_with_errors"], done["contacts"]) == (
        "Success", 4, 4, 0, 3)


def test_read_with_the_first_row_as_header_the_same_file_loses_that_row_as_the_user_chose(stack):
    # Switched to "the first row is a header": its values name the columns, so nothing is suggested (the user maps
    # them), and 3 rows remain. Org B's: in org A the same gifts are already imported by the test above.
    mapping = {"ada@example.org": "email", "$25.00": "amount", "2024-03-01": "date"}
    preview, done = _import(stack, "donations", "headerless-gifts.csv", switch_header_row=True, mapping=mapping,
                            token="org-b-token")
    assert preview["header_row"] is True and preview["headers"][0] == "ada@example.org"
    assert set(preview["suggested_mapping"].values()) == {None}
    assert (done["rows_total"], done["rows_processed"]) == (3, 3)


@pytest.mark.parametrize("name", ["mailchimp-contacts.csv"])
def test_mailchimp_addresses_in_one_cell_are_split(stack, name):
    # 5 members: not-an-email is rejected (1 error); 4 contacts; Ada's, Renée's and Grace's addresses split.
    # Imported by org B: org A's other samples hold the same people, whose addresses would hide a split missed.
    _, done = _import(stack, "contacts", name, token="org-b-token")
    assert (done["status"], done["rows_processed"], done["rows_with_errors"], done["contacts"]) == (
        "Success", 4, 1, 4)
    people = _contacts(stack, done["import_id"], "org-b-token")
    ada, renee, grace = people["ada@example.org"], people["renée@example.org"], people["grace@example.org"]
    assert (ada["address_line1"], ada["address_line2"], ada["city"], ada["state"], ada["postal_code"],
            ada["country"]) == ("1 Analytical Way", "Apt 4", "San Francisco", "CA", "94105", "US")
    assert (renee["address_line1"], renee["city"], renee["postal_code"], renee["country"]) == (
        "2 Rue de Rivoli", "Paris", "75001", "FR")
    assert (grace["address_line2"], grace["city"], grace["notes"]) == ("Suite 1000", "Chicago", "Board member")
    assert "state" not in renee
