"""Each import type end to end against moto, from real-shaped CSV files and the same rows as XLSX."""

import csv
import io
import threading
from datetime import datetime

import pytest
from openpyxl import Workbook

from donor_import.data.stores import build
from local.event_sources import sqs_record
from local.lambdas import Environment
from local.template import ROOT
from tests.lookup import profile_by

SAMPLES = ROOT / "samples"


def to_xlsx(data: bytes, encoding: str = "utf-8-sig", delimiter: str = ",", dates: dict | None = None,
            numbers: tuple[str, ...] = ()) -> bytes:
    """The CSV's rows as a workbook, with typed cells where a spreadsheet would have them."""
    rows = list(csv.reader(io.StringIO(data.decode(encoding)), delimiter=delimiter))
    header_at = next(i for i, row in enumerate(rows) if len(row) > 2)
    headers = rows[header_at]
    book = Workbook()
    sheet = book.active
    for n, row in enumerate(rows):
        typed = []
        for header, cell in zip(headers, row, strict=False):
            if n > header_at and dates and header in dates and cell:
                try:
                    typed.append(datetime.strptime(cell, dates[header]))
                    continue
                except ValueError:
                    pass
            if n > header_at and header in numbers:
                try:
                    typed.append(float(cell.replace(",", "").replace("$", "")))
                    continue
                except ValueError:
                    pass
            typed.append(cell)
        sheet.append(typed)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def start(stack, import_type: str, file_name: str, data: bytes) -> tuple[str, dict]:
    status, created = stack.call("POST", "/imports", {"import_type": import_type, "file_name": file_name})
    import_id = created["import"]["import_id"]
    stack.upload(created["upload"]["fields"]["key"], data)
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert shown["stage"] == "mapping", shown
    return import_id, shown["preview"]


def confirm(stack, import_id: str, mapping: dict, **extra) -> dict:
    status, answer = stack.call("PUT", f"/imports/{import_id}/mapping", {"mapping": mapping, **extra})
    assert status == 200, answer
    stack.settle()
    return stack.call("GET", f"/imports/{import_id}")[1]


def contact(org: str, email: str) -> dict:
    found = profile_by(build().crm, org, "email", email)
    assert found, f"no contact holds {email}"
    return found


PAYPAL = (SAMPLES / "paypal-donations.csv").read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_paypal_donations(stack, fmt):
    data = PAYPAL if fmt == "csv" else to_xlsx(PAYPAL, numbers=("Gross",))
    import_id, preview = start(stack, "donations", f"paypal.{fmt}", data)
    mapping = preview["suggested_mapping"]
    assert {h: mapping[h] for h in ("Date", "Name", "Gross", "From Email Address", "Transaction ID", "Currency")} == {
        "Date": "date", "Name": "full_name", "Gross": "amount", "From Email Address": "email",
        "Transaction ID": "transaction_id", "Currency": "currency"}
    assert preview["date_orders"] == {"date": "MDY"}
    done = confirm(stack, import_id, mapping)
    assert (done["status"], done["rows_total"], done["rows_processed"], done["rows_with_errors"]) == (
        "Success", 5, 3, 2)
    assert (done["contacts_created"], done["contacts_updated"]) == (2, 0)
    ada = contact("org-a", "ada@example.org")
    assert (ada["first_name"], ada["last_name"]) == ("Ada", "Lovelace")
    gifts = stack.stores.crm.records_of("org-a", ada["contact_id"], "donation")
    assert sorted((g["date"], g["amount"]) for g in gifts) == [("2026-11-03", "50.00"), ("2026-11-21", "25.00")]
    grace = stack.stores.crm.records_of("org-a", contact("org-a", "grace.hopper@example.org")["contact_id"], "donation")
    assert grace[0]["amount"] == "1250.00" and grace[0]["transaction_id"] == "7XK98765ZY432109D"


GERMAN = (SAMPLES / "german-donations.csv").read_bytes()
GERMAN_MAPPING = {"Spendernummer": "external_id", "Vorname": "first_name", "Nachname": "last_name",
                  "E-Mail": "email", "Straße": "address_line1", "PLZ": "postal_code", "Ort": "city",
                  "Telefon": "phone", "Betrag": "amount", "Datum": "date", "Zweck": "fund"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_german_donations_mapped_by_hand(stack, fmt):
    data = GERMAN if fmt == "csv" else to_xlsx(GERMAN, "cp1252", ";", dates={"Datum": "%d.%m.%Y"})
    import_id, preview = start(stack, "donations", f"spenden.{fmt}", data)
    assert preview["headers"] == list(GERMAN_MAPPING)
    done = confirm(stack, import_id, GERMAN_MAPPING, options={"default_region": "DE"})
    assert (done["status"], done["rows_processed"], done["rows_with_errors"]) == ("Success", 3, 1)
    assert (done["contacts_created"], done["contacts_updated"]) == (2, 0)
    juergen = contact("org-a", "juergen.mueller@example.de")
    assert (juergen["first_name"], juergen["last_name"], juergen["city"]) == ("Jürgen", "Müller", "Dresden")
    assert juergen["postal_code"] == "01067" and juergen["phone"] == "+493511234567"
    gifts = stack.stores.crm.records_of("org-a", juergen["contact_id"], "donation")
    assert sorted((g["date"], g["amount"]) for g in gifts) == [
        ("2025-12-31", "1234.56"), ("2026-01-07", "20.00")]
    assert contact("org-a", "zoe.weiss@example.de")["address_line1"] == "Königsallee 1"


PLEDGES = (SAMPLES / "church-pledges.csv").read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_church_pledges(stack, fmt):
    data = PLEDGES if fmt == "csv" else to_xlsx(PLEDGES, dates={"Start Date": "%m/%d/%Y",
                                                                     "End Date": "%m/%d/%Y"})
    import_id, preview = start(stack, "pledges", f"pledges.{fmt}", data)
    assert preview["suggested_mapping"] == {
        "Member ID": "external_id", "Member Name": "full_name", "Email": "email", "Pledge Amount": "amount",
        "Frequency": "frequency", "Start Date": "start_date", "End Date": "end_date",
        "Installments": "installments"}
    assert preview["missing_required"] == [] and preview["date_order_needed"] == []
    done = confirm(stack, import_id, preview["suggested_mapping"])
    assert (done["status"], done["rows_processed"], done["rows_with_errors"]) == ("Success", 3, 1)
    chidi = contact("org-a", "chidi@example.org")
    assert (chidi["first_name"], chidi["last_name"], chidi["external_id"]) == ("Chidi", "Okafor", "M-17")
    (pledge,) = stack.stores.crm.records_of("org-a", chidi["contact_id"], "pledge")
    assert (pledge["amount"], pledge["frequency"], pledge["start_date"], pledge["end_date"],
            pledge["installments"]) == ("40.00", "monthly", "2026-01-01", "2026-12-01", 12)


INTERACTIONS = (SAMPLES / "activity-interactions.csv").read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_interactions(stack, fmt):
    data = INTERACTIONS if fmt == "csv" else to_xlsx(INTERACTIONS, dates={"Activity Date": "%Y-%m-%d"})
    import_id, preview = start(stack, "interactions", f"activity.{fmt}", data)
    assert {preview["suggested_mapping"][h] for h in ("Contact Email", "Activity Type", "Activity Date")} == {
        "email", "type", "date"}
    done = confirm(stack, import_id, preview["suggested_mapping"])
    assert (done["status"], done["rows_processed"], done["rows_with_errors"], done["contacts"]) == (
        "Success", 3, 1, 2)
    touches = stack.stores.crm.records_of("org-a", contact("org-a", "ada@example.org")["contact_id"], "interaction")
    assert sorted((t["date"], t["type"]) for t in touches) == [("2026-10-02", "call"), ("2026-10-12", "event")]


MAILCHIMP = (SAMPLES / "mailchimp-contacts.csv").read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_mailchimp_contacts(stack, fmt):
    data = MAILCHIMP if fmt == "csv" else to_xlsx(MAILCHIMP)
    import_id, preview = start(stack, "contacts", f"members.{fmt}", data)
    assert preview["headers"][0] == "Email Address"  # the UTF-8 BOM is not part of the header
    done = confirm(stack, import_id, preview["suggested_mapping"])
    assert (done["status"], done["rows_processed"], done["rows_with_errors"], done["contacts"]) == (
        "Success", 4, 1, 4)  # 5 members, not-an-email rejected
    renee = contact("org-a", "renée@example.org")
    assert (renee["first_name"], renee["last_name"], renee["phone"]) == ("Renée", "Ç. Dubois", "+33123456789")
    assert contact("org-a", "ada@example.org")["tags"] == ["Newsletter", "Volunteers"]


def test_an_undecidable_date_column_is_asked_for_and_then_used(stack):
    data = b"Email,Activity,Date\nada@example.org,call,03/04/2026\ngrace@example.org,meeting,05/06/2026\n"
    import_id, preview = start(stack, "interactions", "calls.csv", data)
    assert preview["date_order_needed"] == ["date"]
    assert {p["reason"][:30] for p in preview["problems"]} == {"'03/04/2026' is ambiguous: day"[:30],
                                                               "'05/06/2026' is ambiguous: day"[:30]}
    done = confirm(stack, import_id, preview["suggested_mapping"], options={"date_orders": {"date": "DMY"}})
    assert (done["status"], done["rows_processed"]) == ("Success", 2)
    touches = stack.stores.crm.records_of("org-a", contact("org-a", "ada@example.org")["contact_id"], "interaction")
    assert touches[0]["date"] == "2026-04-03"


def test_ambiguous_dotted_dates_are_day_first_without_asking(stack):
    data = "E-Mail;Activity;Datum\nada@example.org;call;03.04.2026\ngrace@example.org;meeting;05.06.2026\n"
    import_id, preview = start(stack, "interactions", "anrufe.csv", data.encode())
    assert (preview["date_order_needed"], preview["problems"]) == ([], [])
    done = confirm(stack, import_id, preview["suggested_mapping"])
    assert (done["status"], done["rows_processed"]) == ("Success", 2)
    touches = stack.stores.crm.records_of("org-a", contact("org-a", "ada@example.org")["contact_id"], "interaction")
    assert touches[0]["date"] == "2026-04-03"


def test_the_same_person_in_batches_processed_apart_is_one_contact(stack, monkeypatch):
    monkeypatch.setenv("BATCH_ROWS", "2")
    from donor_import.config import settings

    settings.cache_clear()
    rows = "".join(f"{'ADA' if n % 2 else 'ada'}@example.org,{n + 1}.00,2026-01-{n + 1:02d}\n" for n in range(6))
    mapping = {"Email": "email", "Amount": "amount", "Date": "date"}
    status, created = stack.call("POST", "/imports", {"import_type": "donations", "file_name": "gifts.csv",
                                                      "mapping": mapping})
    stack.upload(created["upload"]["fields"]["key"], ("Email,Amount,Date\n" + rows).encode())
    stack.validate()
    messages = stack.sqs.receive_message(QueueUrl=stack.ref("BatchQueue"), MaxNumberOfMessages=10,
                                         MessageSystemAttributeNames=["All"])["Messages"]
    assert len(messages) == 3
    arn = stack.refs.values["BatchQueue"]["Arn"]
    workers = [Environment(stack.functions["ProcessorFunction"]) for _ in messages]
    barrier = threading.Barrier(len(messages))

    def deliver(worker, message):
        barrier.wait()
        worker.invoke({"Records": [sqs_record(message, arn)]})

    threads = [threading.Thread(target=deliver, args=pair) for pair in zip(workers, messages, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert stack.finalize() == 1
    shown = stack.call("GET", f"/imports/{created['import']['import_id']}")[1]
    assert (shown["status"], shown["batches_total"], shown["rows_processed"]) == ("Success", 3, 6)
    assert (shown["contacts"], shown["contacts_created"]) == (1, 1)
    ada = contact("org-a", "ada@example.org")
    assert len(stack.stores.crm.records_of("org-a", ada["contact_id"], "donation")) == 6
