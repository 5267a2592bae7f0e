"""Journeys by keyboard alone (Tab, Shift+Tab, Enter, Space, Escape; arrows in a select and typing in a field), at a
laptop's and a phone's width, with the focus asserted where it must land: an import's list in its dialog, the
rejected rows table and its filters, Cancel of an import in progress, the search and filters of Past imports and
the organisation settings. Each checked by axe-core on the way."""

import pytest
from playwright.sync_api import expect

from local.client import Client
from tests.browser.page_checks import VIEWPORTS
from tests.browser.test_every_step import press_until_focused
from tests.browser.test_import_page import pytestmark, small_pages  # noqa: F401 (marks: browser, chromium)
from tests.browser.test_page_modules import waiting_for_mapping
from tests.browser.test_results_and_controls import _donations

WIDTHS = pytest.mark.parametrize("width", VIEWPORTS)
# Presses enough to Tab from the top of the page to a control of the first rows of Past imports.
MOST = 120


def sign_in_by_keyboard(page, stack) -> None:
    small_pages(page, imports=3)  # a few rows: the control wanted is a bounded number of Tabs away
    page.goto(stack.url + "/")
    press_until_focused(page, 'input[name="local-token"]')
    page.keyboard.press("Space")
    press_until_focused(page, "#sign-in-button")
    page.keyboard.press("Enter")
    expect(page.locator("#import-type")).to_be_focused()


def row_control(import_id: str, action: str) -> str:
    return f'#imports-table tbody tr[data-import-id="{import_id}"] [data-action="{action}"]'


def no_control_outside_has_the_focus(page, selector: str) -> bool:
    """The focus is inside the element, or on none of the page's controls (a modal dialog lets Tab reach the
    browser's own controls, past its ends, but nothing of the page behind it)."""
    return page.evaluate("""(s) => document.querySelector(s).contains(document.activeElement)
        || document.activeElement === document.body || document.activeElement === null""", selector)


def choose_by_keyboard(page, selector: str, value: str) -> None:
    """ArrowDown through a focused select until value is chosen (at most its number of options)."""
    for _ in range(page.locator(f"{selector} option").count()):
        if page.locator(selector).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    expect(page.locator(selector)).to_have_value(value)


@WIDTHS
def test_an_imports_list_by_keyboard(open_tab, stack, check_step, width):
    page = open_tab(VIEWPORTS[width])
    name = f"kb-list-{width}.csv"
    done = _donations(stack, name, 8, who=f"kb-list-{width}")
    Client(stack.url).json("POST", f"/imports/{done['import_id']}/list", expect=201)
    sign_in_by_keyboard(page, stack)
    view = row_control(done["import_id"], "view-list")
    press_until_focused(page, view, most=MOST)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("#list-contacts tbody tr")).to_have_count(1)
    expect(page.locator("#close-list")).to_be_focused()  # the focus went into the dialog
    for key in ("Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"):  # the dialog is modal
        page.keyboard.press(key)
        assert no_control_outside_has_the_focus(page, "#list-dialog"), f"{key} reached the page behind the dialog"
    check_step(page, "keyboard-list")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(view)).to_be_focused()  # back on the button that opened it


@WIDTHS
def test_the_rejected_rows_and_their_filters_by_keyboard(open_tab, stack, check_step, width):
    page = open_tab(VIEWPORTS[width])
    name = f"kb-rejects-{width}.csv"
    done = _donations(stack, name, 9 if width == "1280" else 10, who=f"kb-rejects-{width}")
    sign_in_by_keyboard(page, stack)
    show = row_control(done["import_id"], "show-rejected")
    press_until_focused(page, show, most=MOST)
    page.keyboard.press("Enter")
    rows = page.locator("#rejected-rows tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#rejected-title")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#rejected-field")).to_be_focused()
    choose_by_keyboard(page, "#rejected-field", "amount")
    expect(rows).to_have_count(1)
    page.keyboard.press("Home")  # back to Any field
    expect(rows).to_have_count(2)
    page.keyboard.press("Tab")
    expect(page.locator("#rejected-reason")).to_be_focused()
    page.keyboard.type("email")
    page.keyboard.press("Enter")  # submits the filter
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("not-an-email")
    check_step(page, "keyboard-rejected-rows")
    press_until_focused(page, "#rejected-filter button[type=button]")  # Hide rejected rows
    page.keyboard.press("Enter")
    expect(page.locator("#rejected-rows")).to_be_hidden()
    expect(page.locator(show)).to_be_focused()  # not lost to the page


@WIDTHS
def test_cancel_by_keyboard(open_tab, stack, check_step, width):
    page = open_tab(VIEWPORTS[width])
    name = f"kb-cancel-{width}.csv"
    waiting = waiting_for_mapping(Client(stack.url), name)
    sign_in_by_keyboard(page, stack)
    cancel = row_control(waiting["import_id"], "cancel")
    press_until_focused(page, cancel, most=MOST)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.keyboard.press("Enter")
    expect(page.locator(cancel)).to_be_focused()  # asked first: nothing changed
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Space")
    row = page.locator(f'#imports-table tbody tr[data-import-id="{waiting["import_id"]}"]')
    expect(row.locator(".status-cell")).to_have_attribute("data-status", "Failed")
    expect(page.locator(row_control(waiting["import_id"], "retry"))).to_be_focused()  # its next step
    check_step(page, "keyboard-cancelled")


@WIDTHS
def test_the_search_and_filters_of_past_imports_by_keyboard(open_tab, stack, check_step, width):
    page = open_tab(VIEWPORTS[width])
    client = Client(stack.url)
    for n in range(2):
        made = client.create_import("contacts", f"kb-filter-{width}-{n}.csv")["import"]["import_id"]
        client.json("POST", f"/imports/{made}/cancel")
    sign_in_by_keyboard(page, stack)
    rows = page.locator("#imports-table tbody tr")
    press_until_focused(page, "#filter-text")
    page.keyboard.type(f"KB-FILTER-{width}-")
    expect(rows).to_have_count(2)
    expect(page.locator("#imports-shown")).to_have_text("2 imports match.")
    page.keyboard.press("Escape")  # a search field's Escape empties it
    expect(page.locator("#filter-text")).to_have_value("")
    expect(page.locator("#imports-shown")).to_have_text("")
    page.keyboard.type(f"kb-filter-{width}-1")
    expect(rows).to_have_count(1)
    page.keyboard.press("Tab")
    expect(page.locator("#filter-type")).to_be_focused()
    choose_by_keyboard(page, "#filter-type", "donations")
    expect(page.locator("#imports-empty")).to_have_text("No imports match.")
    expect(rows).to_have_count(0)
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    expect(page.locator("#filter-status")).to_be_focused()
    choose_by_keyboard(page, "#filter-status", "Failed")
    expect(rows).to_have_count(1)
    check_step(page, "keyboard-filters")
    press_until_focused(page, "#filter-clear")
    page.keyboard.press("Enter")
    expect(page.locator("#filter-text")).to_have_value("")
    expect(page.locator("#imports-shown")).to_have_text("")
    expect(page.locator("#filter-clear")).to_be_focused()


@WIDTHS
def test_the_settings_panel_by_keyboard(open_tab, stack, check_step, width):
    page = open_tab(VIEWPORTS[width])
    sign_in_by_keyboard(page, stack)
    summary = "#settings > summary"
    press_until_focused(page, summary)
    page.keyboard.press("Enter")
    expect(page.locator("#settings")).to_have_attribute("open", "")
    expect(page.locator("#save-settings")).to_be_enabled()  # loaded: Tab would pass the disabled fields
    press_until_focused(page, "#level-postal_code")
    choose_by_keyboard(page, "#level-postal_code", "error")
    press_until_focused(page, "#save-settings")
    page.keyboard.press("Enter")
    expect(page.locator("#settings-status")).to_contain_text("Saved.")
    expect(page.locator("#save-settings")).to_be_focused()  # kept while the form was disabled to save
    assert Client(stack.url).json("GET", "/settings")["field_levels"]["postal_code"] == "error"
    check_step(page, "keyboard-settings")
    press_until_focused(page, "#level-postal_code", key="Shift+Tab")
    page.keyboard.press("Home")  # back to a warning, as the other tests expect it
    expect(page.locator("#level-postal_code")).to_have_value("warning")
    press_until_focused(page, "#save-settings")  # past the campaign and fund levels
    page.keyboard.press("Space")
    expect(page.locator("#settings-status")).to_contain_text("Saved.")
    assert Client(stack.url).json("GET", "/settings")["field_levels"]["postal_code"] == "warning"
    press_until_focused(page, summary, key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#settings")).not_to_have_attribute("open", "")
    expect(page.locator(summary)).to_be_focused()
