"""Over HTTP, as a browser does it: the presigned POST sent twice within its minutes, the second time with
another file, leaves the running import on the first; its original-file link downloads that first file
under its own (non-ASCII) name."""

from urllib.parse import unquote

import pytest
import requests

from local.client import Client

pytestmark = pytest.mark.e2e

FIRST = b"Vorname,Nachname,E-Mail\nAda,Lovelace,ada@pinned.example\nAlan,Turing,alan@pinned.example\n"
SECOND = ("Vorname,Nachname,E-Mail\n" + "".join(f"P{n},Q{n},p{n}@pinned.example\n" for n in range(9))).encode()


def test_a_second_post_of_the_form_does_not_change_the_file_under_the_import(stack):
    client = Client(stack.url)
    created = client.create_import("contacts", "Spenden-März.csv")
    import_id = created["import"]["import_id"]
    client.upload(created["upload"], FIRST, "Spenden-März.csv")
    preview = client.wait(import_id, lambda i: i["stage"] == "mapping")["preview"]
    client.upload(created["upload"], SECOND, "Spenden-März.csv")  # the same form, within its 5 minutes
    client.confirm_mapping(import_id, preview["suggested_mapping"])
    done = client.wait_done(import_id)
    assert (done["status"], done["rows_total"], done["contacts_created"]) == ("Success", 2, 2)
    original = requests.get(done["original_file_url"], timeout=10)
    assert original.content == FIRST
    disposition = original.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Spenden-Marz.csv"')
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == "Spenden-März.csv"
