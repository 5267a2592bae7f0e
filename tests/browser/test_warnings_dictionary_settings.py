"""The page's parts for warnings, value dictionaries, constants and the organisation's settings: the Warnings
count and workbook link in Past imports, the dictionary's selects and the constants on the mapping step (several,
added and removed by keyboard), and the Settings panel with the organisation's campaigns and funds."""

import re

import pytest
from playwright.sync_api import expect

from local.client import Client
from local.template import ROOT
from tests.browser.page_checks import VIEWPORTS, axe_violations, no_sideways_scroll
from tests.browser.test_import_page import CHROMIUM, IMPORT_DONE_MS, mapping_select, row_of, sign_in, start_import

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: run scripts/install-chromium.sh"),
]
SAMPLES = ROOT / "samples"


def confirm_and_wait(page, file_name: str):
    page.get_by_role("button", name="Confirm mapping and import").click()
    expect(page.locator("#mapping")).to_be_hidden()
    row = row_of(page, file_name)
    expect(row.locator(".status-cell")).to_have_attribute("data-status", "Success", timeout=IMPORT_DONE_MS)
    return row


def test_past_imports_show_the_warnings_count_and_the_workbook(page, stack, shot):
    sign_in(page, stack)
    start_import(page, "donations", SAMPLES / "donations-bad-area-codes.csv")
    expect(page.locator("#mapping")).to_be_visible(timeout=20_000)
    problems = page.locator("#mapping-problems tbody")
    expect(problems).to_contain_text("814-129-8994")
    expect(problems.locator("tr.warning").first).to_contain_text("Phone number")  # a label, not "phone"
    row = confirm_and_wait(page, "donations-bad-area-codes.csv")
    expect(row.locator(".errors-cell .count")).to_have_text("1")
    expect(row.locator(".warnings-cell .count")).to_have_text("3")
    expect(row.get_by_role("link", name=re.compile("Download warnings of donations-bad-area-codes.csv"))
           ).to_be_visible()
    expect(page.get_by_role("columnheader", name="Rows with Warnings")).to_be_visible()
    shot(page, "20-warnings")


def _touches_dictionary(page, stack, touches, second_activity: str):
    """touches: an interactions file of two rows, a meeting "Face to face" and second_activity, uploaded and at
    the mapping step; its Activity column's value dictionary."""
    touches.write_text("Email,Date,Activity\nada@example.org,2025-11-03,Face to face\n"
                       f"grace@example.org,2025-11-04,{second_activity}\n")
    sign_in(page, stack)
    start_import(page, "interactions", touches)
    expect(page.locator("#mapping")).to_be_visible(timeout=20_000)
    dictionary = page.get_by_role("group", name=re.compile("What the values of “Activity” mean"))
    expect(dictionary).to_be_visible()
    return dictionary


def test_the_value_dictionary_lets_the_user_say_what_a_value_means(page, stack, tmp_path, shot):
    dictionary = _touches_dictionary(page, stack, tmp_path / "touches.csv", "Quarterly review")
    expect(dictionary.get_by_label("Face to face")).to_have_value("meeting")
    expect(dictionary.get_by_label("Quarterly review")).to_have_value("")
    expect(page.locator("#mapping-problems tbody")).to_contain_text("Quarterly review")
    dictionary.get_by_label("Quarterly review").select_option("meeting")
    expect(page.locator("#mapping-problems tbody")).not_to_contain_text("Quarterly review")  # asked of the API
    shot(page, "21-dictionary")
    row = confirm_and_wait(page, "touches.csv")
    expect(row.locator(".errors-cell .count")).to_have_text("0")


def test_a_value_left_at_none_of_them_is_not_read_as_its_closest(page, stack, tmp_path):
    dictionary = _touches_dictionary(page, stack, tmp_path / "touches-typo.csv", "Meetng")
    expect(dictionary.get_by_label("Meetng")).to_have_value("meeting")  # the closest, suggested
    dictionary.get_by_label("Meetng").select_option("")
    expect(page.locator("#mapping-problems tbody")).to_contain_text("Meetng")  # asked of the API
    dictionary.get_by_label("Face to face").select_option("call")  # the dictionary is drawn again
    expect(dictionary.get_by_label("Meetng")).to_have_value("")
    row = confirm_and_wait(page, "touches-typo.csv")
    expect(row.locator(".errors-cell .count")).to_have_text("1")


def _map_event_attendance(page, stack) -> None:
    """The attendance export mapped but for its type, which no column gives."""
    sign_in(page, stack)
    start_import(page, "interactions", SAMPLES / "event-attendance.csv")
    expect(page.locator("#mapping")).to_be_visible(timeout=20_000)
    for header, field in (("Event Date", "date"), ("Event Name", "subject"), ("Session Format", "")):
        mapping_select(page, header).select_option(field)


def test_a_constant_gives_every_row_its_value(page, stack, shot):
    _map_event_attendance(page, stack)
    confirm = page.get_by_role("button", name="Confirm mapping and import")
    expect(confirm).to_be_disabled()  # no column gives the type
    constant = page.get_by_role("group", name="The same value on every row")
    constant.get_by_label("Field").select_option(label="Kind of touch-point")
    constant.get_by_label("Value on every row").fill("event")
    expect(confirm).to_be_enabled()
    shot(page, "22-constant")
    row = confirm_and_wait(page, "event-attendance.csv")
    expect(row.locator(".errors-cell .count")).to_have_text("0")


def test_the_settings_panel_shows_and_saves_the_organisations_settings(page, stack, shot):
    sign_in(page, stack, "org-b-token")  # org-a's imports of the other tests keep asking for date orders
    page.get_by_text("Organisation settings").click()
    expect(page.locator("#settings-status")).to_have_text("Ambiguous dates are asked for on each import.")
    page.get_by_label("Country (2 letters)").fill("au")
    page.get_by_label("Currency (3 letters)").fill("aud")
    page.get_by_label("Phone number", exact=True).select_option(label="Reject the row (an error)")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#settings-status")).to_have_text("Saved. Ambiguous dates are read day first.")
    shot(page, "23-settings")
    page.get_by_label("Country (2 letters)").fill("ZZ")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#settings-error")).to_contain_text("'ZZ' is not an ISO 3166 country code")
    page.reload()
    expect(page.locator("#app")).to_be_visible()
    page.get_by_text("Organisation settings").click()
    expect(page.get_by_label("Country (2 letters)")).to_have_value("AU")
    expect(page.get_by_label("Phone number", exact=True)).to_have_value("error")
    page.get_by_label("Country (2 letters)").fill("")
    page.get_by_label("Currency (3 letters)").fill("")
    page.get_by_label("Phone number", exact=True).select_option("warning")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#settings-status")).to_have_text("Saved. Ambiguous dates are asked for on each import.")


def test_the_settings_form_waits_for_the_settings_before_it_can_be_changed(page, stack):
    # What is typed before the settings arrive would be overwritten by them, then saved: the lists lost.
    sign_in(page, stack, "org-b-token")
    held = []
    page.route("**/settings", lambda route: held.append(route) if route.request.method == "GET" else route.fallback())
    page.get_by_text("Organisation settings").click()
    expect(page.locator("#settings-status")).to_have_text("Loading the settings…")
    expect(page.get_by_label("Your campaigns (one a line)")).to_be_disabled()
    expect(page.get_by_role("button", name="Save settings")).to_be_disabled()
    assert len(held) == 1
    held[0].continue_()
    expect(page.get_by_label("Your campaigns (one a line)")).to_be_enabled()
    expect(page.get_by_role("button", name="Save settings")).to_be_enabled()
    expect(page.locator("#settings-status")).to_have_text("Ambiguous dates are asked for on each import.")


# The last elements that reach past the page's right edge: what makes it scroll sideways.
WIDER_THAN_THE_PAGE = """[...document.querySelectorAll("body *")].filter((el) =>
    el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest("thead, .table-scroll"))
  .slice(-5).map((el) => `${el.tagName}#${el.id}.${el.className}: ${Math.round(el.getBoundingClientRect().right)}`)"""


def _checked_at_both_widths(page) -> None:
    """axe-core finds nothing and the page does not scroll sideways, on a laptop and on a phone."""
    for viewport in VIEWPORTS.values():
        page.set_viewport_size(viewport)
        assert axe_violations(page) == [], viewport
        assert no_sideways_scroll(page), (viewport, page.evaluate(WIDER_THAN_THE_PAGE))
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_settings_lists_campaigns_and_funds_and_the_dictionary_reads_a_file_with_them(page, stack, shot):
    # samples/donations-campaigns-funds.csv as tests/e2e/test_campaigns_and_funds.py counts it, with no Year-End
    # Appeal in this list: "Golf Day" read as the Annual Gala 2025, warnings on 4 rows (6: a 2024 campaign, 9: the
    # Year End Appeal 2025, 8 and 11: "Roof Repairs"), 1 gift rejected (row 13).
    sign_in(page, stack, "org-b-token")
    try:
        page.get_by_text("Organisation settings").click()
        page.get_by_label("Your campaigns (one a line)").fill("Spring Appeal 2025\n  Annual Gala 2025\n\n")
        page.get_by_label("Your funds (one a line)").fill("General Fund\nBuilding Fund\nScholarship Fund")
        page.get_by_label("Fund that is none of yours").select_option("warning")
        page.get_by_role("button", name="Save settings").click()
        expect(page.locator("#settings-status")).to_contain_text("Saved.")
        _checked_at_both_widths(page)
        shot(page, "24-settings-lists")
        page.reload()
        expect(page.locator("#app")).to_be_visible()
        page.get_by_text("Organisation settings").click()
        expect(page.get_by_label("Your campaigns (one a line)")).to_have_value("Spring Appeal 2025\nAnnual Gala 2025")
        page.get_by_text("Organisation settings").click()

        start_import(page, "donations", SAMPLES / "donations-campaigns-funds.csv")
        expect(page.locator("#mapping")).to_be_visible(timeout=20_000)
        mapping_select(page, "Appeal").select_option("campaign")
        mapping_select(page, "Fund").select_option("fund")
        campaigns = page.get_by_role("group", name=re.compile("What the values of “Appeal” mean"))
        expect(campaigns.get_by_label("Sprng Appeal 2025")).to_have_value("Spring Appeal 2025")
        golf = campaigns.get_by_label("Golf Day")
        expect(golf).to_have_value("")
        expect(golf.locator("option").first).to_have_text("— none of yours: imported without it (a warning) —")
        funds = page.get_by_role("group", name=re.compile("What the values of “Fund” mean"))
        expect(funds.get_by_label("Scholarship Fnd")).to_have_value("Scholarship Fund")
        golf.select_option("Annual Gala 2025")
        warnings = page.locator("#mapping-problems tbody tr.warning")
        expect(warnings).to_have_count(4)
        _checked_at_both_widths(page)
        shot(page, "25-dictionary-campaigns")
        row = confirm_and_wait(page, "donations-campaigns-funds.csv")
        expect(row.locator(".errors-cell .count")).to_have_text("1")
        expect(row.locator(".warnings-cell .count")).to_have_text("4")
    finally:
        Client(stack.url, "org-b-token").json("PUT", "/settings", json={})


def test_several_constants_are_added_and_removed_by_keyboard(page, stack, shot):
    _map_event_attendance(page, stack)
    constants = page.get_by_role("group", name="The same value on every row")
    first = constants.get_by_role("group", name="Constant 1")
    first.get_by_label("Field").select_option("type")
    first.get_by_label("Value on every row").fill("event")
    add = constants.get_by_role("button", name="Add another constant")
    for field, value in (("notes", "From the gala list"), ("country", "US")):
        add.focus()
        page.keyboard.press("Enter")
        added = constants.get_by_role("group").last
        expect(added.get_by_label("Field")).to_be_focused()
        added.get_by_label("Field").select_option(field)
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    expect(constants.get_by_role("group")).to_have_count(3)
    _checked_at_both_widths(page)
    shot(page, "26-constants")
    constants.get_by_role("button", name="Remove constant 2").focus()
    page.keyboard.press("Space")
    expect(add).to_be_focused()
    expect(constants.get_by_role("group")).to_have_count(2)
    expect(constants.get_by_role("group", name="Constant 2").get_by_label("Value on every row")).to_have_value("US")
    confirm_and_wait(page, "event-attendance.csv")
    newest = Client(stack.url, "org-a-token").imports(1)[0]
    assert (newest["file_name"], newest["options"]["constants"]) == ("event-attendance.csv",
                                                                      {"type": "event", "country": "US"})


ORG_B = "org-b-token"  # org-a's settings are other tests' own


def _saved_with_campaign_values(stack, data: bytes) -> None:
    """A donations mapping saved, through the API, with what "Gala 25" means among org-b's campaigns."""
    client = Client(stack.url, ORG_B)
    client.json("PUT", "/settings", json={"campaigns": ["Annual Gala"]})
    created = client.create_import("donations", "appeals.csv")
    client.upload(created["upload"], data, "appeals.csv")
    import_id = created["import"]["import_id"]
    preview = client.wait(import_id, lambda i: i["stage"] == "mapping")["preview"]
    client.confirm_mapping(import_id, preview["suggested_mapping"], save=True,
                           options={"values": {"campaign": {"Gala 25": "Annual Gala"}}})
    client.wait_done(import_id)


def test_a_saved_mapping_says_which_of_its_values_the_emptied_campaign_list_no_longer_takes(page, stack, tmp_path):
    data = b"Donor Email,Gift Amount,Gift Date,Appeal Name\nann@example.org,5.00,2025-05-01,Gala 25\n"
    try:
        _saved_with_campaign_values(stack, data)
    finally:
        Client(stack.url, ORG_B).json("PUT", "/settings", json={})
    gifts = tmp_path / "appeals-again.csv"
    gifts.write_bytes(data.replace(b"5.00", b"6.00"))
    sign_in(page, stack, ORG_B)
    start_import(page, "donations", gifts)
    expect(page.locator("#mapping")).to_be_visible(timeout=20_000)
    expect(page.locator("#mapping-saved-note")).to_have_text(
        "A mapping you saved for files with these headers was applied. Not applied from the saved mapping: what "
        "its campaign values mean (your organisation keeps no list of campaigns now: any text is kept as written)")
    row = confirm_and_wait(page, "appeals-again.csv")
    expect(row.locator(".errors-cell .count")).to_have_text("0")


def test_a_campaign_the_dictionary_does_not_show_is_a_warning_saying_what_it_was_read_as(page, stack, tmp_path):
    client = Client(stack.url, ORG_B)
    names = [f"Appeal {chr(65 + n)}" for n in range(26)]  # more than the dictionary lists
    client.json("PUT", "/settings", json={"campaigns": [*names, "Spring Appeal 2025"]})
    try:
        gifts = tmp_path / "many-appeals.csv"
        gifts.write_text("Donor Email,Gift Amount,Gift Date,Campaign\n" + "".join(
            f"m{n}@example.org,{n + 1}.00,2025-05-01,{name}\n"
            for n, name in enumerate([*names, "Sprng Appeal 2025"])))
        sign_in(page, stack, ORG_B)
        start_import(page, "donations", gifts)
        expect(page.locator("#mapping")).to_be_visible(timeout=20_000)
        expect(page.locator("#mapping-problems tbody tr.warning")).to_have_text(
            "28Campaign"
            "Warning: 'Sprng Appeal 2025' was read as 'Spring Appeal 2025', the closest campaign; the preview did "
            "not show it")
        row = confirm_and_wait(page, "many-appeals.csv")
        expect(row.locator(".warnings-cell .count")).to_have_text("1")
    finally:
        client.json("PUT", "/settings", json={})
