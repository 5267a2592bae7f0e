"""The local stack over HTTP, as `make dev` runs it: presigned upload, mapping step, exact counts."""

import io

import pytest
import requests
from openpyxl import load_workbook

from local.client import Client
from local.template import ROOT

pytestmark = pytest.mark.e2e


def test_health_and_auth(stack):
    assert requests.get(f"{stack.url}/health", timeout=5).json() == {"status": "ok"}
    assert requests.get(f"{stack.url}/imports", timeout=5).status_code == 401
    assert requests.get(f"{stack.url}/imports", headers={"Authorization": "Bearer nope"}, timeout=5).status_code == 401
    assert requests.get(f"{stack.url}/nowhere", timeout=5).status_code == 404


def test_sample_contacts_import_over_http_ends_success_with_exact_counts(stack):
    client = Client(stack.url)
    sample = ROOT / "samples" / "contacts.csv"
    created = client.create_import("contacts", sample.name)
    import_id = created["import"]["import_id"]
    assert created["upload"]["fields"]["key"] == f"uploads/org-a/{import_id}/contacts.csv"
    client.upload(created["upload"], sample, sample.name)
    shown = client.wait(import_id, lambda i: i["stage"] == "mapping")
    preview = shown["preview"]
    assert preview["headers"][:3] == ["First Name", "Last Name", "E-mail Address"]  # found below the title rows
    assert preview["missing_required"] == []
    client.confirm_mapping(import_id, preview["suggested_mapping"])
    done = client.wait_done(import_id)
    assert done["status"] == "Success", done
    # 9 non-blank rows below the header; Bob (no usable email) and the city-only row are rejected; Eve's phone
    # is "not a phone", a value her row does not need: she is imported without it (a warning);
    # Dan appears twice (email case differs): 6 distinct people.
    assert (done["rows_total"], done["rows_processed"], done["rows_with_errors"], done["rows_with_warnings"]) == (
        9, 7, 2, 1)
    assert (done["contacts"], done["contacts_created"], done["contacts_updated"]) == (6, 6, 0)
    workbook = load_workbook(io.BytesIO(requests.get(done["error_file_url"], timeout=10).content))
    assert [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)] == [7, 14]
    assert [row[:3] for row in workbook["Warnings"].iter_rows(min_row=2, values_only=True)] == [
        (11, "Phone number", "not a phone")]
    original = requests.get(done["original_file_url"], timeout=10)
    assert original.content == sample.read_bytes()
    assert client.imports()[0]["import_id"] == import_id


def test_organisations_are_isolated_over_http(stack):
    created = Client(stack.url).create_import("contacts", "a.csv")
    other = Client(stack.url, "org-b-token")
    answer = other.call("GET", f"/imports/{created['import']['import_id']}")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
