"""The contacts pipeline hop by hop against moto: API -> S3 -> validator -> SQS -> processor -> finalize."""

import io

from openpyxl import load_workbook

from donor_import.data.file_keys import error_file_key
from tests.lookup import profile_by

MAPPING = {"First Name": "first_name", "Last Name": "last_name", "E-mail Address": "email", "Phone": "phone",
           "ZIP": "postal_code"}
CONTACTS = (
    b"First Name,Last Name,E-mail Address,Phone,ZIP\n"
    b"Ada,Lovelace,ada@example.org,(415) 555-0100,02139\n"
    b"Bob,,bob@@example,555,12345\n"
    b"Carla,Diaz,carla@example.org,+44 20 7946 0958,SW1A 1AA\n"
    b"ADA,Lovelace,ADA@Example.org,,\n"
    b",,,,\n"
    b",,,,99999\n"
)


def test_contacts_with_a_mapping_up_front_end_with_exact_counts(stack):
    shown = stack.run_import("contacts", "contacts.csv", CONTACTS, MAPPING)
    assert shown["status"] == "Success", shown
    assert shown["stage"] == "done"
    assert shown["rows_total"] == 5  # the blank row is not a row
    assert shown["rows_processed"] == 3
    assert shown["rows_with_errors"] == 2
    assert (shown["contacts"], shown["contacts_created"], shown["contacts_updated"]) == (2, 2, 0)
    assert shown["error_file_url"] and shown["can_load_to_list"]


def test_email_matches_case_insensitively_and_a_second_import_updates(stack):
    stack.run_import("contacts", "contacts.csv", CONTACTS, MAPPING)
    # A first name that contradicts the stored one would make the email a shared one (a possible duplicate):
    # the same person here, under her nickname.
    again = stack.run_import("contacts", "again.csv", b"Email,First,City\nada@EXAMPLE.org,Adie,London\n",
                             {"Email": "email", "First": "first_name", "City": "city"})
    assert (again["contacts_created"], again["contacts_updated"]) == (0, 1)
    ada = profile_by(stack.stores.crm, "org-a", "email", "ada@example.org")
    assert (ada["first_name"], ada["city"]) == ("Adie", "London")
    assert ada["last_name"] == "Lovelace"
    assert ada["phone"] == "+14155550100"


def test_rejected_rows_are_in_the_error_workbook_with_their_reasons(stack):
    shown = stack.run_import("contacts", "contacts.csv", CONTACTS, MAPPING)
    key = error_file_key("org-a", shown["import_id"])
    data = stack.s3.get_object(Bucket=stack.ref("FilesBucket"), Key=key)["Body"].read()
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0] == ("Row in original file", "First Name", "Last Name", "E-mail Address", "Phone", "ZIP", "Reason")
    assert [r[0] for r in rows[1:]] == [3, 7]
    assert "email: 'bob@@example' is not a valid email address" in rows[1][-1]
    assert "phone: '555' is not a valid phone number" in rows[1][-1]
    assert "needs a first or last name, an organization name, or an email" in rows[2][-1]


def test_without_a_mapping_the_import_waits_with_a_preview_then_runs(stack):
    status, created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "c.csv"})
    import_id = created["import"]["import_id"]
    stack.upload(created["upload"]["fields"]["key"], CONTACTS)
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["stage"]) == ("In Progress", "mapping")
    preview = shown["preview"]
    assert preview["suggested_mapping"] == MAPPING
    assert preview["missing_required"] == []
    assert {"row": 3, "field": "email"}.items() <= preview["problems"][0].items()

    status, tried = stack.call("POST", f"/imports/{import_id}/preview", {"mapping": {**MAPPING, "Phone": None}})
    assert status == 200 and tried["missing_required"] == []
    assert [p["field"] for p in tried["problems"]] == ["email", None]  # no phone problem now: it is ignored
    status, tried = stack.call("POST", f"/imports/{import_id}/preview", {"mapping": {"ZIP": "postal_code"}})
    assert tried["missing_required"] == ["full_name or first_name or last_name or organization_name or email"]
    status, refused = stack.call("PUT", f"/imports/{import_id}/mapping", {"mapping": {"ZIP": "postal_code"}})
    assert status == 422
    assert "full_name or first_name or last_name or organization_name or email" in refused["error"]["message"]

    status, confirmed = stack.call("PUT", f"/imports/{import_id}/mapping", {"mapping": MAPPING, "save": True})
    assert status == 200 and confirmed["stage"] == "validating"
    stack.settle()
    assert stack.call("GET", f"/imports/{import_id}")[1]["status"] == "Success"

    status, again = stack.call("PUT", f"/imports/{import_id}/mapping", {"mapping": MAPPING})
    assert status == 409


def test_a_saved_mapping_is_suggested_for_the_same_headers(stack):
    first = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "c.csv"})[1]
    stack.upload(first["upload"]["fields"]["key"], CONTACTS)
    custom = {**MAPPING, "ZIP": None}
    stack.call("PUT", f"/imports/{first['import']['import_id']}/mapping", {"mapping": custom, "save": True})
    second = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "d.csv"})[1]
    reordered = CONTACTS.replace(b"First Name,Last Name", b"last name,first name", 1)
    stack.upload(second["upload"]["fields"]["key"], reordered)
    preview = stack.call("GET", f"/imports/{second['import']['import_id']}")[1]["preview"]
    assert preview["saved_mapping_used"] is True
    assert preview["suggested_mapping"] == {
        "last name": "last_name", "first name": "first_name", "E-mail Address": "email", "Phone": "phone",
        "ZIP": None}
    other = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "e.csv"})[1]
    stack.upload(other["upload"]["fields"]["key"], b"Email,Nickname\nx@example.org,X\n")
    assert stack.call("GET", f"/imports/{other['import']['import_id']}")[1]["preview"]["saved_mapping_used"] is False


def test_a_duplicate_s3_event_starts_one_validation(stack):
    status, created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "c.csv",
                                                      "mapping": MAPPING})
    key = created["upload"]["fields"]["key"]
    stack.upload(key, CONTACTS)
    stack.upload(key, CONTACTS)
    stack.settle()
    shown = stack.call("GET", f"/imports/{created['import']['import_id']}")[1]
    assert (shown["rows_total"], shown["rows_processed"], shown["batches_done"]) == (5, 3, 1)


def test_a_batch_delivered_twice_is_counted_once(stack):
    status, created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "c.csv",
                                                      "mapping": MAPPING})
    stack.upload(created["upload"]["fields"]["key"], CONTACTS)
    stack.validate()
    url, arn = stack.ref("BatchQueue"), stack.refs.values["BatchQueue"]["Arn"]
    from local.event_sources import sqs_record

    (message,) = stack.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                         MessageSystemAttributeNames=["All"])["Messages"]
    for _ in range(2):
        stack.processor.invoke({"Records": [sqs_record(message, arn)]})
    assert stack.finalize() == 1  # one finalize request, though the batch completed the import twice
    shown = stack.call("GET", f"/imports/{created['import']['import_id']}")[1]
    assert (shown["status"], shown["rows_processed"], shown["batches_done"]) == ("Success", 3, 1)


def test_imports_list_newest_first_page_by_page(stack):
    created = [stack.call("POST", "/imports", {"import_type": "contacts", "file_name": f"{n}.csv"})[1]
               for n in range(3)]
    ids = [c["import"]["import_id"] for c in created]
    status, page = stack.call("GET", "/imports", query="limit=2")
    assert status == 200
    assert [i["import_id"] for i in page["items"]] == ids[::-1][:2]
    status, rest = stack.call("GET", "/imports", query=f"limit=2&cursor={page['next_cursor']}")
    assert [i["import_id"] for i in rest["items"]] == ids[:1]
    assert rest["next_cursor"] is None


def test_another_organisation_sees_nothing(stack):
    created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "c.csv"})[1]
    import_id = created["import"]["import_id"]
    assert stack.call("GET", f"/imports/{import_id}", token="org-b-token")[0] == 404
    assert stack.call("PUT", f"/imports/{import_id}/mapping", {"mapping": MAPPING}, token="org-b-token")[0] == 404
    assert stack.call("GET", "/imports", token="org-b-token")[1]["items"] == []
    page = stack.call("GET", "/imports", query="limit=1")[1]
    stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "d.csv"})
    own_cursor = stack.call("GET", "/imports", query="limit=1")[1]["next_cursor"]
    status, refused = stack.call("GET", "/imports", token="org-b-token", query=f"cursor={own_cursor}")
    assert status == 400 and page["items"]


def test_health_needs_no_token_and_bad_requests_get_4xx(stack):
    assert stack.call("GET", "/health", token="")[0] == 200
    status, answer = stack.call("POST", "/imports", {"import_type": "gifts", "file_name": "x.csv"})
    assert status == 400 and answer["error"]["code"] == "invalid_request"
    status, answer = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "x.pdf"})
    assert status == 400 and "not a CSV" in answer["error"]["message"]
    status, answer = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "x.csv",
                                                     "mapping": {"Amount": "amount"}})
    assert status == 422
