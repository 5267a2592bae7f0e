"""The Import page as native ES modules: every module loads (with a JavaScript content type, or the browser
refuses it) without a console error, the one store refuses changes made behind its back, and the page takes
the server's rules (accepted file types, stages, required fields) from GET /import-types instead of copying them."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from local.client import Client
from local.template import ROOT

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"{CHROMIUM} is absent: run scripts/install-chromium.sh (Debian's chromium package)"),
]

MODULES = sorted(f"js/{path.name}" for path in (ROOT / "web" / "js").glob("*.js"))


def sign_in(page, stack) -> None:
    page.goto(stack.url + "/")
    page.get_by_label(re.compile("org-a-token")).check()
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#app")).to_be_visible()
    expect(page.locator("#import-type option[value=contacts]")).to_have_count(1)


def serve_rules(page, change) -> None:
    """Answers GET /import-types as the API does, changed by change(answer)."""
    def fulfill(route):
        answer = route.fetch().json()
        change(answer)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(answer))
    page.route("**/import-types", fulfill)


def test_every_module_loads_without_a_console_error(page, stack):
    problems: list[str] = []
    scripts: dict[str, str] = {}
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    page.on("response", lambda r: scripts.update({r.url.removeprefix(stack.url + "/"): r.headers["content-type"]})
            if r.url.endswith(".js") else None)

    page.goto(stack.url + "/", wait_until="networkidle")
    refused = {name: kind for name, kind in scripts.items() if not re.match(r"(text|application)/javascript", kind)}
    assert refused == {}, f"modules served without a JavaScript content type: {refused}"
    assert problems == []
    assert sorted(name for name in scripts if name.startswith("js/")) == MODULES  # none unused, none missing
    assert "config.js" in scripts

    sign_in(page, stack)
    expect(page.locator("#status")).to_contain_text("Signed in")
    assert problems == []


def test_the_store_refuses_changes_made_in_place(page, stack):
    sign_in(page, stack)
    outcome = page.evaluate("""async () => {
        "use strict"; // as in the page's modules
        const store = await import("/js/store.js");
        const seen = [];
        store.subscribe((now, before) => seen.push([before.importsCursor, now.importsCursor]));
        const tries = {};
        for (const [name, change] of Object.entries({
            field: (s) => { s.importsCursor = "changed"; },
            list: (s) => { s.imports.push({}); },
            record: (s) => { s.lists.x = {}; },
        })) {
            try { change(store.get()); tries[name] = "changed"; } catch (e) { tries[name] = e.constructor.name; }
        }
        store.update({importsCursor: "through the store"});
        return {tries, seen, cursor: store.get().importsCursor, imports: store.get().imports.length};
    }""")
    assert outcome["tries"] == {"field": "TypeError", "list": "TypeError", "record": "TypeError"}
    assert outcome["cursor"] == "through the store"
    assert outcome["seen"] == [[None, "through the store"]]
    assert outcome["imports"] == 0


def test_accepted_file_types_come_from_the_api(page, stack, tmp_path):
    serve_rules(page, lambda answer: answer.update(accepted_file_types=["csv", "xlsx"]))
    sign_in(page, stack)
    page.get_by_label("Import type").select_option("contacts")
    file_input = page.get_by_label(re.compile("File to import"))
    expect(page.locator("label[for=file-input]")).to_have_text(
        "File to import (.csv or .xlsx) — choose it, or drop it here")
    expect(file_input).to_have_attribute("accept", ".csv,.xlsx")

    tsv = tmp_path / "people.tsv"
    tsv.write_text("Name\tEmail\nAnn Smith\tann@example.org\n")
    file_input.set_input_files(tsv)
    expect(page.locator("#upload-error")).to_have_text(
        "“people.tsv” is not a CSV or XLSX file. Choose a .csv or .xlsx file.")
    expect(page.get_by_role("button", name="Upload and import")).to_be_disabled()

    csv = tmp_path / "people.csv"
    csv.write_text("Name,Email\nAnn Smith,ann@example.org\n")
    file_input.set_input_files(csv)
    expect(page.locator("#upload-error")).to_be_hidden()
    expect(page.get_by_role("button", name="Upload and import")).to_be_enabled()


def waiting_for_mapping(client: Client, file_name: str) -> dict:
    """An import whose file is read, waiting for its mapping (which the page does not poll for)."""
    created = client.create_import("contacts", file_name)
    client.upload(created["upload"], b"Name,Email\nAnn Smith,ann@example.org\n", file_name)
    return client.wait(created["import"]["import_id"], lambda record: record["stage"] == "mapping")


def test_stage_labels_and_required_fields_come_from_the_api(page, stack):
    def change(answer):
        answer["stages"] = {**answer["stages"], "mapping": "Columns to map"}
        contacts = next(t for t in answer["items"] if t["name"] == "contacts")
        for field in contacts["fields"]:
            field["required"] = field["required"] or field["name"] == "phone"
    serve_rules(page, change)
    waiting_for_mapping(Client(stack.url), "to-map.csv")

    sign_in(page, stack)
    row = page.locator("#imports-table tbody tr", has_text="to-map.csv")
    expect(row.locator(".stage")).to_have_text(" · Columns to map")
    row.get_by_role("button", name="Map columns of to-map.csv").click()
    expect(page.locator("#mapping")).to_be_visible()
    expect(page.locator("#missing-list")).to_have_text("Phone number")  # the file has no phone column
    expect(page.get_by_role("button", name="Confirm mapping and import")).to_be_disabled()
    expect(page.locator("#confirm-help")).to_contain_text("map the required fields")


def test_a_reload_resumes_the_session_with_its_lists(page, stack):
    client = Client(stack.url)
    created = client.create_import("contacts", "resumed.csv", {"Email": "email"})
    client.upload(created["upload"], b"Email\nresumed@example.org\n", "resumed.csv")
    client.wait_done(created["import"]["import_id"])
    waiting = waiting_for_mapping(client, "resumed-later.csv")
    sign_in(page, stack)
    row = page.locator("#imports-table tbody tr", has_text="resumed.csv")
    row.get_by_role("button", name="Create a list of the contacts of resumed.csv").click()
    page.get_by_role("button", name="Close").click()

    page.reload()
    expect(page.locator("#app")).to_be_visible()
    expect(page.locator("#sign-in")).to_be_hidden()
    expect(page.locator("#session-who")).to_contain_text("org-a")
    expect(page.locator("#import-type option[value=contacts]")).to_have_count(1)
    expect(row.get_by_role("button", name="View list (1) of the contacts from resumed.csv")).to_be_visible()
    waiting_row = page.locator(f'#imports-table tbody tr[data-import-id="{waiting["import_id"]}"]')
    expect(waiting_row.locator(".stage")).to_have_text(" · Waiting for column mapping")
