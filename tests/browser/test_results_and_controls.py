"""The Import page's results and controls in a real browser: the list kept by the server (View list in a new tab),
the rejected rows table with its filters, Cancel with its confirmation (each at a laptop's and a phone's width,
checked by axe-core and for sideways scrolling) and Import anyway with its."""

import re

import boto3
import pytest
from playwright.sync_api import expect

from local.client import Client
from tests.browser.page_checks import VIEWPORTS
from tests.browser.test_import_page import pytestmark, row_of, sign_in  # noqa: F401 (marks: browser, chromium)
from tests.browser.test_page_modules import waiting_for_mapping

WIDTHS = pytest.mark.parametrize("width", VIEWPORTS)

# A gift on a day of its own per file (one gift imported twice would be a duplicate: a rejected row), by a donor of
# its own where the test reads the donor's gifts.
GIFTS = "Email,Amount,Date,Currency\n{who}@example.org,10.00,2026-01-{day:02d},USD\nnot-an-email,5,2026-01-06,USD\n" \
        "grace@example.org,abc,2026-01-07,EUR\n"
MAPPING = {"Email": "email", "Amount": "amount", "Date": "date", "Currency": "currency"}


def _donations(stack, file_name: str, day: int, who: str = "ada") -> dict:
    client = Client(stack.url)
    created = client.create_import("donations", file_name, MAPPING)
    client.upload(created["upload"], GIFTS.format(day=day, who=who).encode(), file_name)
    return client.wait_done(created["import"]["import_id"])


@WIDTHS
def test_a_list_made_elsewhere_is_offered_as_view_list_with_gifts(open_tab, stack, check_step, width):
    page = open_tab(VIEWPORTS[width])
    name = f"made-elsewhere-{width}.csv"
    done = _donations(stack, name, 1, who=f"ada-{width}")
    Client(stack.url).json("POST", f"/imports/{done['import_id']}/list", expect=201, json={"name": "Ada's gifts"})
    sign_in(page, stack)  # a new tab: nothing of the list is kept in it
    row = row_of(page, name)
    expect(row.locator(".contacts-cell")).to_contain_text("1 gift · USD 10.00")
    row.get_by_role("button", name=re.compile(r"View list \(1\) of the contacts from " + re.escape(name))).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("#list-title")).to_have_text("Ada's gifts")
    expect(dialog.locator("#list-contacts tbody tr")).to_have_count(1)
    expect(dialog.locator("#list-contacts tbody")).to_contain_text("1 gift · USD 10.00")
    expect(row.get_by_role("button", name=re.compile("Create a list"))).to_have_count(0)
    check_step(page, "results-view-list")


@WIDTHS
def test_rejected_rows_are_shown_under_past_imports_and_filtered(open_tab, stack, check_step, width):
    page = open_tab(VIEWPORTS[width])
    name = f"with-rejects-{width}.csv"
    _donations(stack, name, 2 if width == "1280" else 4)
    sign_in(page, stack)
    row_of(page, name).get_by_role("button", name=f"Show the rejected rows of {name}").click()
    section = page.locator("#rejected-rows")
    expect(section.get_by_role("heading")).to_have_text(f"Rejected rows of {name}")
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(section.locator("thead")).to_contain_text("Email")
    expect(rows.first).to_contain_text("not-an-email")
    check_step(page, "results-rejected-rows")
    section.get_by_label("Field").select_option("amount")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("abc")
    section.get_by_label("Field").select_option("")
    section.get_by_label("Reason contains").fill("no such words")
    section.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(0)
    expect(page.locator("#past-imports-status")).to_contain_text("No rejected rows match.")


@WIDTHS
def test_cancel_asks_first_then_ends_the_import_and_says_who_cancelled(open_tab, stack, check_step, width):
    page = open_tab(VIEWPORTS[width])
    name = f"to-cancel-{width}.csv"
    waiting = waiting_for_mapping(Client(stack.url), name)
    sign_in(page, stack)
    row = page.locator(f'#imports-table tbody tr[data-import-id="{waiting["import_id"]}"]')
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name=f"Cancel the import of {name}").click()
    expect(row.locator(".status-cell")).to_have_attribute("data-status", "In Progress")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=f"Cancel the import of {name}").click()
    expect(row.locator(".status-cell")).to_have_attribute("data-status", "Failed")
    expect(row.locator(".failure")).to_contain_text("cancelled by data-manager@org-a.example")
    expect(page.locator("#past-imports-status")).to_contain_text("cancelled")
    check_step(page, "results-cancelled")


def test_import_anyway_names_the_earlier_import_then_runs_the_refused_file(page, stack, check_step):
    client = Client(stack.url)
    data = b"Email\nanyway@example.org\n"
    first = client.create_import("contacts", "anyway-first.csv")
    client.upload(first["upload"], data, "anyway-first.csv")
    earlier = client.wait(first["import"]["import_id"], lambda record: record["stage"] == "mapping")
    # The earlier import is held importing its rows, so the same file after it meets it running.
    boto3.resource("dynamodb").Table(stack.resource("ImportsTable")).update_item(
        Key={"pk": "ORG#org-a", "sk": f"IMPORT#{earlier['import_id']}"},
        UpdateExpression="SET stage = :processing", ExpressionAttributeValues={":processing": "processing"})
    second = client.create_import("contacts", "anyway-again.csv", {"Email": "email"})
    client.upload(second["upload"], data, "anyway-again.csv")
    refused = client.wait_done(second["import"]["import_id"])
    assert (refused["failure_kind"], refused["duplicate_of"]) == ("duplicate_file", earlier["import_id"])
    try:
        sign_in(page, stack)
        row = page.locator(f'#imports-table tbody tr[data-import-id="{refused["import_id"]}"]')
        anyway = row.get_by_role("button", name="Import anyway-again.csv anyway, though it is the same file")
        expect(anyway).to_be_visible()
        check_step(page, "results-import-anyway")
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        anyway.click()
        expect(row.locator(".status-cell")).to_have_attribute("data-status", "Failed")
        assert "anyway-again.csv is the same file as the import of anyway-first.csv started" in asked[0]
        assert "(In Progress)" in asked[0]
        page.once("dialog", lambda dialog: dialog.accept())
        anyway.click()
        expect(row.locator(".status-cell")).to_have_attribute("data-status", "Success", timeout=30_000)
        expect(row.locator(".contacts-cell")).to_contain_text("1")
    finally:
        client.json("POST", f"/imports/{earlier['import_id']}/cancel")  # no import is left running
