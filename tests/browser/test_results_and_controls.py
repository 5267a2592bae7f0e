"""The Import page's results and controls in a real browser: the list kept by the server (View list in a new tab),
the rejected rows table with its filters, and Cancel with its confirmation."""

import re

from playwright.sync_api import expect

from local.client import Client
from tests.browser.test_import_page import pytestmark, row_of, sign_in  # noqa: F401 (marks: browser, chromium)
from tests.browser.test_page_modules import waiting_for_mapping

# Ada's gift on a day of its own per file: one gift imported twice would be a duplicate (a rejected row).
GIFTS = "Email,Amount,Date,Currency\nada@example.org,10.00,2026-01-{day:02d},USD\nnot-an-email,5,2026-01-06,USD\n" \
        "grace@example.org,abc,2026-01-07,EUR\n"
MAPPING = {"Email": "email", "Amount": "amount", "Date": "date", "Currency": "currency"}


def _donations(stack, file_name: str, day: int) -> dict:
    client = Client(stack.url)
    created = client.create_import("donations", file_name, MAPPING)
    client.upload(created["upload"], GIFTS.format(day=day).encode(), file_name)
    return client.wait_done(created["import"]["import_id"])


def test_a_list_made_elsewhere_is_offered_as_view_list_with_gifts(page, stack):
    done = _donations(stack, "made-elsewhere.csv", 1)
    Client(stack.url).json("POST", f"/imports/{done['import_id']}/list", expect=201, json={"name": "Ada's gifts"})
    sign_in(page, stack)  # a new tab: nothing of the list is kept in it
    row = row_of(page, "made-elsewhere.csv")
    expect(row.locator(".contacts-cell")).to_contain_text("1 gift · USD 10.00")
    row.get_by_role("button", name=re.compile(r"View list \(1\) of the contacts from made-elsewhere.csv")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("#list-title")).to_have_text("Ada's gifts")
    expect(dialog.locator("#list-contacts tbody tr")).to_have_count(1)
    expect(dialog.locator("#list-contacts tbody")).to_contain_text("1 gift · USD 10.00")
    expect(row.get_by_role("button", name=re.compile("Create a list"))).to_have_count(0)


def test_rejected_rows_are_shown_under_past_imports_and_filtered(page, stack):
    _donations(stack, "with-rejects.csv", 2)
    sign_in(page, stack)
    row_of(page, "with-rejects.csv").get_by_role("button", name="Show the rejected rows of with-rejects.csv").click()
    section = page.locator("#rejected-rows")
    expect(section.get_by_role("heading")).to_have_text("Rejected rows of with-rejects.csv")
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(section.locator("thead")).to_contain_text("Email")
    expect(rows.first).to_contain_text("not-an-email")
    section.get_by_label("Field").select_option("amount")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("abc")
    section.get_by_label("Field").select_option("")
    section.get_by_label("Reason contains").fill("no such words")
    section.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(0)
    expect(page.locator("#past-imports-status")).to_contain_text("No rejected rows match.")


def test_cancel_asks_first_then_ends_the_import_and_says_who_cancelled(page, stack):
    waiting = waiting_for_mapping(Client(stack.url), "to-cancel.csv")
    sign_in(page, stack)
    row = page.locator(f'#imports-table tbody tr[data-import-id="{waiting["import_id"]}"]')
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="Cancel the import of to-cancel.csv").click()
    expect(row.locator(".status-cell")).to_have_attribute("data-status", "In Progress")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Cancel the import of to-cancel.csv").click()
    expect(row.locator(".status-cell")).to_have_attribute("data-status", "Failed")
    expect(row.locator(".failure")).to_contain_text("cancelled by data-manager@org-a.example")
    expect(page.locator("#past-imports-status")).to_contain_text("cancelled")
