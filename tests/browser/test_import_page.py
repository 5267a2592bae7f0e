"""The Import page in a real browser: sign in, upload, map columns, watch Past imports, download the rejected
rows, Load to List, and the guards of the mapping step."""

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from local.client import Client
from local.template import ROOT

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"{CHROMIUM} is absent: run scripts/install-chromium.sh (Debian's chromium package)"),
]

SAMPLE = ROOT / "samples" / "contacts.csv"
DOWNLOADS = ROOT / "test-output" / "downloads"
IMPORT_DONE_MS = 45_000

# Records every status a Past imports row shows, to prove the row moved on its own (no reload).
STATUS_RECORDER = """
window.__statusLog = [];
window.__pageLoads = (window.__pageLoads || 0) + 1;
new MutationObserver(() => {
  document.querySelectorAll('#imports-table tbody tr').forEach((tr) => {
    const cell = tr.querySelector('.status-cell');
    if (!cell) return;
    const seen = window.__statusLog.filter((e) => e.id === tr.dataset.importId).pop();
    const now = cell.dataset.status + '/' + cell.dataset.stage;
    if (!seen || seen.state !== now) {
      window.__statusLog.push({id: tr.dataset.importId, state: now, status: cell.dataset.status});
    }
  });
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def small_pages(page, imports: int = 20, contacts: int = 2) -> None:
    """Serve config.js with small page sizes, so that paging shows with a handful of rows."""
    page.route("**/config.js", lambda route: route.fulfill(
        content_type="text/javascript",
        body=f'import base from "/config.js?original";\n'
             f"export default {{...base, importsPageSize: {imports}, contactsPageSize: {contacts}}};\n"))


def sign_in(page, stack, token: str = "org-a-token") -> None:
    page.goto(stack.url + "/")
    page.get_by_label(re.compile(token)).check()
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#app")).to_be_visible()
    expect(page.locator("#import-type option[value=contacts]")).to_have_count(1)


def start_import(page, import_type: str, file) -> None:
    page.get_by_label("Import type").select_option(import_type)
    page.get_by_label(re.compile("File to import")).set_input_files(file)
    page.get_by_role("button", name="Upload and import").click()


def row_of(page, file_name: str):
    return page.locator("#imports-table tbody tr", has=page.locator(".file-cell", has_text=file_name)).first


def mapping_select(page, header: str):
    return page.locator(f'#mapping-table select[data-header="{header}"]')


def test_import_flow_from_sign_in_to_list(page, stack, shot):
    small_pages(page, contacts=2)
    page.add_init_script(STATUS_RECORDER)

    # Sign in as organisation A.
    page.goto(stack.url + "/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label(re.compile("org-b-token"))).to_be_visible()
    shot(page, "01-sign-in")
    sign_in(page, stack, "org-a-token")
    expect(page.locator("#session-who")).to_contain_text("org-a")
    expect(page.locator("#status")).to_contain_text("Signed in")
    shot(page, "02-signed-in")

    # Choose contacts and the sample file (title rows above the header, three bad rows).
    page.get_by_label("Import type").select_option("contacts")
    expect(page.locator("#import-type-help")).to_contain_text(
        "one of Full name, First name, Last name, Organization name, Email address")
    page.get_by_label(re.compile("File to import")).set_input_files(SAMPLE)
    expect(page.locator("#file-chosen")).to_contain_text("contacts.csv")
    upload = page.get_by_role("button", name="Upload and import")
    expect(upload).to_be_enabled()
    shot(page, "03-file-chosen")
    upload.click()

    # The upload goes straight to (emulated) S3; the progress bar fills; the mapping step opens.
    expect(page.locator("#mapping")).to_be_visible(timeout=20_000)
    assert page.locator("#upload-progress").evaluate("p => p.value") == 100
    expect(page.locator("#mapping-title")).to_have_text("Map columns: contacts.csv")
    expect(mapping_select(page, "E-mail Address")).to_have_value("email")
    expect(mapping_select(page, "First Name")).to_have_value("first_name")
    expect(mapping_select(page, "ZIP")).to_have_value("postal_code")
    expect(page.locator("#mapping-missing")).to_have_text("All required fields are mapped.")
    problems = page.locator("#mapping-problems tbody")
    expect(problems).to_contain_text("bob@@example")
    expect(problems).to_contain_text("not a phone")
    expect(page.locator("#sample-rows tbody tr")).not_to_have_count(0)
    row = row_of(page, "contacts.csv")
    expect(row.locator(".status-cell")).to_contain_text("Waiting for column mapping")
    expect(row.get_by_role("button", name="Map columns of contacts.csv")).to_be_visible()
    confirm = page.get_by_role("button", name="Confirm mapping and import")
    expect(confirm).to_be_enabled()
    shot(page, "04-mapping")

    # Confirm stays disabled while the required "one of" group has no column; live, in the browser.
    for header in ("First Name", "Last Name", "E-mail Address"):
        mapping_select(page, header).select_option("")
    expect(confirm).to_be_disabled()
    expect(page.locator("#missing-list")).to_contain_text(
        "one of Full name, First name, Last name, Organization name, Email address")
    expect(page.locator("#confirm-help")).to_contain_text("map the required fields")
    shot(page, "05-confirm-disabled")
    mapping_select(page, "E-mail Address").select_option("email")
    expect(confirm).to_be_enabled()
    mapping_select(page, "First Name").select_option("email")  # one field from two columns is refused too
    expect(confirm).to_be_disabled()
    expect(page.locator("#mapping-duplicates")).to_contain_text("More than one column is mapped to Email address")
    mapping_select(page, "First Name").select_option("first_name")
    mapping_select(page, "Last Name").select_option("last_name")
    expect(confirm).to_be_enabled()
    # The problems follow the mapping as it stands (POST /imports/{id}/preview): an ignored column has none.
    mapping_select(page, "Phone").select_option("")
    expect(problems).not_to_contain_text("not a phone")
    expect(problems).to_contain_text("bob@@example")
    expect(page.locator("#mapping-problems-note")).to_contain_text("your mapping would reject")
    mapping_select(page, "Phone").select_option("phone")
    expect(problems).to_contain_text("not a phone")
    page.get_by_label("Remember this mapping for files with the same columns").check()

    # Confirm: the row shows In Progress, then Success, with no reload.
    confirm.click()
    expect(page.locator("#mapping")).to_be_hidden()
    expect(row.locator(".status-cell")).to_contain_text("In Progress")
    expect(row.locator(".status-cell progress")).to_be_visible()
    shot(page, "06-in-progress")
    expect(row.locator(".status-cell")).to_have_attribute("data-status", "Success", timeout=IMPORT_DONE_MS)
    assert page.evaluate("window.__pageLoads") == 1
    states = [e["status"] for e in page.evaluate("window.__statusLog")
              if e["id"] == row.get_attribute("data-import-id")]
    assert "In Progress" in states and states[-1] == "Success", states
    assert states.index("In Progress") < states.index("Success")
    expect(page.locator("#past-imports-status")).to_contain_text("finished: Success")  # where the user is
    expect(row.locator(".errors-cell .count")).to_have_text("2")
    expect(row.locator(".warnings-cell .count")).to_have_text("1")  # Eve, imported without "not a phone"
    expect(row.get_by_role("link", name="Download warnings of contacts.csv (the Warnings sheet of the Excel "
                                         "workbook)")).to_be_visible()
    expect(row.locator(".contacts-cell")).to_contain_text("6")
    expect(row.locator(".ran-by")).to_have_text("data-manager@org-a.example")  # the token's user
    expect(row.get_by_role("link", name="Download the original file contacts.csv")).to_be_visible()
    shot(page, "07-success")

    # Polling stops once nothing is in progress.
    polled = []
    page.on("request", lambda r: polled.append(r.url) if "/imports" in r.url else None)
    page.wait_for_timeout(3_500)
    assert polled == [], f"the table kept polling after every import ended: {polled}"

    # The error workbook lists the rejected rows with their reasons.
    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile("Download the rejected rows")).click()
    download = download_info.value
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    saved = DOWNLOADS / download.suggested_filename
    download.save_as(saved)
    assert download.suggested_filename == "contacts-errors.xlsx"
    sheet = load_workbook(saved).active
    heads = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [7, 14]
    bob = dict(zip(heads, rows[0], strict=False))
    assert bob["First Name"] == "Bob" and "email" in " ".join(str(v) for v in bob.values() if v)

    # Load to List: the list's contacts, page by page (2 a page here).
    row.get_by_role("button", name="Create a list of the contacts of contacts.csv").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#list-summary")).to_contain_text("6 contacts")
    contacts = dialog.locator("#list-contacts tbody tr")
    expect(contacts).to_have_count(2)
    more = dialog.get_by_role("button", name="More contacts")
    more.click()
    expect(contacts).to_have_count(4)
    more.click()
    expect(contacts).to_have_count(6)
    expect(more).to_be_hidden()
    expect(dialog).to_contain_text("Ada Lovelace")
    expect(dialog).to_contain_text("+14155550100")
    shot(page, "08-list")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    view_list = row.get_by_role("button", name=re.compile(r"View list \(6\) of the contacts from contacts.csv"))
    expect(view_list).to_be_visible()

    # Another organisation sees none of it.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page, stack, "org-b-token")
    expect(page.locator("#session-who")).to_contain_text("org-b")
    expect(page.locator("#imports-empty")).to_be_visible()
    expect(page.locator("#imports-table tbody tr")).to_have_count(0)
    shot(page, "09-other-organisation")


def test_ambiguous_dates_need_a_date_order_and_mapping_can_wait(page, stack, shot, tmp_path):
    gifts = tmp_path / "gifts-ambiguous.csv"
    gifts.write_text("Donor Name,E-mail,Gift Amt,Date Received\n"
                     "Ann Smith,ann@example.org,25.00,03/04/2024\n"
                     "Ben Jones,ben@example.org,\"1,250.00\",05/06/2024\n"
                     "Cy Twombly,cy@example.org,$40,07/08/2024\n")
    sign_in(page, stack)
    start_import(page, "donations", gifts)
    expect(page.locator("#mapping")).to_be_visible(timeout=20_000)
    expect(mapping_select(page, "Gift Amt")).to_have_value("amount")
    expect(mapping_select(page, "Date Received")).to_have_value("date")

    # The step can be left and reopened from Past imports.
    page.get_by_role("button", name="Map later").click()
    expect(page.locator("#mapping")).to_be_hidden()
    row = row_of(page, "gifts-ambiguous.csv")
    reopen = row.get_by_role("button", name="Map columns of gifts-ambiguous.csv")
    expect(reopen).to_be_focused()
    page.keyboard.press("Enter")  # keyboard: the focused button reopens the step
    expect(page.locator("#mapping")).to_be_visible()

    # Dates that read either way: Confirm waits for a date order.
    order = page.get_by_role("group", name="Order of the dates in “Date of the gift”")
    expect(order).to_be_visible()
    expect(order).to_contain_text("Date Received")
    confirm = page.get_by_role("button", name="Confirm mapping and import")
    expect(confirm).to_be_disabled()
    expect(page.locator("#confirm-help")).to_contain_text("choose the date order of “Date of the gift”")
    shot(page, "10-date-order")
    order.get_by_label("Day first (DMY)").check()
    expect(confirm).to_be_enabled()
    # Unmapping the amount (required) disables it again.
    mapping_select(page, "Gift Amt").select_option("")
    expect(confirm).to_be_disabled()
    expect(page.locator("#missing-list")).to_contain_text("Amount given")
    mapping_select(page, "Gift Amt").select_option("amount")
    confirm.click()

    expect(row.locator(".status-cell")).to_have_attribute("data-status", "Success", timeout=IMPORT_DONE_MS)
    import_id = row.get_attribute("data-import-id")
    done = Client(stack.url).get_import(import_id)
    assert done["options"]["date_orders"] == {"date": "DMY"}
    assert (done["rows_processed"], done["rows_with_errors"]) == (3, 0)


def test_refused_file_api_errors_and_more_imports(page, stack, shot, tmp_path):
    # Two finished imports made over the API, so that Past imports has more than one page (2 a page here).
    client = Client(stack.url)
    for n in (1, 2):
        created = client.create_import("contacts", f"api-{n}.csv", {"Email": "email"})
        client.upload(created["upload"], f"Email\napi{n}@example.org\n".encode(), f"api-{n}.csv")
        client.wait_done(created["import"]["import_id"])
    small_pages(page, imports=2)
    page.goto(stack.url + "/")
    page.get_by_text("Sign in with a token (developers)").click()
    page.get_by_label(re.compile("paste an ID token")).fill("not-a-real-token")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#sign-in-error")).to_contain_text("That token was refused by the API")
    expect(page.locator("#app")).to_be_hidden()
    sign_in(page, stack)
    rows = page.locator("#imports-table tbody tr")
    expect(rows).to_have_count(2)
    total = len(client.imports(limit=100))
    more = page.get_by_role("button", name="More", exact=True)
    expect(more).to_be_visible()
    for _ in range(total):  # a page of 2 each time; the last one may come back empty
        if not more.is_visible():
            break
        with page.expect_response(lambda r: "/imports?" in r.url and "cursor=" in r.url):
            more.click()
        expect(page.locator("#more-imports:not([disabled])")).to_have_count(1)
    expect(more).to_be_hidden()
    expect(rows).to_have_count(total)

    page.get_by_label("Import type").select_option("contacts")
    wrong = tmp_path / "report.pdf"
    wrong.write_bytes(b"%PDF-1.4")
    page.get_by_label(re.compile("File to import")).set_input_files(wrong)
    expect(page.locator("#upload-error")).to_contain_text("is not a CSV, TSV, TXT, XLSX or XLSM file")
    expect(page.get_by_role("button", name="Upload and import")).to_be_disabled()

    # A file dropped on the drop zone is chosen as the file input would choose it.
    dropped = page.evaluate_handle("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["Name\\tEmail\\nAnn Smith\\tann@example.org\\n"], "people.tsv",
                                {type: "text/tab-separated-values"}));
        return data;
    }""")
    page.locator("#drop-zone").dispatch_event("drop", {"dataTransfer": dropped})
    expect(page.locator("#file-chosen")).to_contain_text("people.tsv")
    expect(page.locator("#upload-error")).to_be_hidden()
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator("#mapping")).to_be_visible(timeout=20_000)

    # Someone else confirms the mapping first: the page shows the API's 409 in words.
    row = row_of(page, "people.tsv")
    import_id = row.get_attribute("data-import-id")
    Client(stack.url).confirm_mapping(import_id, {"Name": "full_name", "Email": "email"})
    page.get_by_role("button", name="Confirm mapping and import").click()
    error = page.locator("#mapping-error")
    expect(error).to_be_visible()
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("The mapping could not be confirmed (conflict)")
    expect(error).to_contain_text("not waiting for a mapping")
    expect(page.get_by_role("button", name="Confirm mapping and import")).to_be_disabled()
    shot(page, "11-api-error")
    expect(row.locator(".status-cell")).to_have_attribute("data-status", "Success", timeout=IMPORT_DONE_MS)


def test_a_file_without_a_header_row_is_said_so_and_can_be_switched(page, stack, shot, tmp_path):
    gifts = tmp_path / "gifts-no-header.csv"
    gifts.write_text("ada@example.org,Ada,$25.00,2024-03-01\ngrace@example.org,Grace,$10.50,2024-03-02\n")
    sign_in(page, stack, "org-b-token")
    start_import(page, "donations", gifts)
    expect(page.locator("#mapping")).to_be_visible(timeout=20_000)
    switch = page.get_by_label("The first row is a header")
    expect(switch).not_to_be_checked()
    expect(page.locator("#header-row-message")).to_contain_text("Row 1 looks like a record")
    expect(mapping_select(page, "Column 1")).to_have_value("email")
    shot(page, "12-no-header-row")

    switch.check()  # the first row read as the header: its cells name the columns
    expect(mapping_select(page, "ada@example.org")).to_be_visible()
    expect(page.get_by_label("The first row is a header")).to_be_checked()
    page.get_by_label("The first row is a header").uncheck()
    expect(mapping_select(page, "Column 3")).to_have_value("amount")
    page.get_by_role("button", name="Confirm mapping and import").click()

    row = row_of(page, "gifts-no-header.csv")
    expect(row.locator(".status-cell")).to_have_attribute("data-status", "Success", timeout=IMPORT_DONE_MS)
    done = Client(stack.url, "org-b-token").get_import(row.get_attribute("data-import-id"))
    assert (done["rows_total"], done["rows_processed"]) == (2, 2)
def test_the_match_rule_and_update_mode_are_chosen_on_the_mapping_step(page, stack, shot, tmp_path):
    people = tmp_path / "people-match.csv"
    people.write_text("Name,E-mail\nAnn Match,ann@match.example.org\n")
    sign_in(page, stack)
    start_import(page, "contacts", people)
    expect(page.locator("#mapping")).to_be_visible(timeout=20_000)
    rule, mode = page.get_by_label("Match on"), page.get_by_label("When a row matches a contact")
    expect(rule).to_have_value("standard")
    expect(rule.locator("option:checked")).to_have_text("External id, then email, then phone, then name and address")
    expect(mode).to_have_value("update")
    rule.select_option(label="Email only")
    mode.select_option(label="Fill only its empty fields")
    shot(page, "11-match-options")
    page.get_by_role("button", name="Confirm mapping and import").click()

    row = row_of(page, "people-match.csv")
    expect(row.locator(".status-cell")).to_have_attribute("data-status", "Success", timeout=IMPORT_DONE_MS)
    done = Client(stack.url).get_import(row.get_attribute("data-import-id"))
    assert (done["options"]["match_rule"], done["options"]["update_mode"]) == ("email", "fill_empty")
