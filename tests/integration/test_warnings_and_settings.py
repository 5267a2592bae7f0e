"""Real-shaped files that used to lose rows, imported end to end against moto, with the counts a person reading
the file expects; and the organisation's settings behind them (GET/PUT /settings).

How the counts were made, reading each sample by eye:
- donations-bad-area-codes.csv: 7 gifts. Susan Park's email has no domain dot: she cannot be found or written
  to, so her gift is rejected (1 error). Three phones are well formed with unassigned area codes or exchanges
  (814-129-8994, 392-123-6797, 188 868 9554): those gifts are imported without the phone (3 warnings).
  6 gifts are imported.
- australian-contacts.csv: 5 people, each with a country; every phone is a real Australian or New Zealand
  number once read in the row's country (none is a US number). Charlotte's postcode is "4OOO" (letters O): she
  is imported without it (1 warning). 5 contacts, 0 errors.
- us-payments-ambiguous-dates.csv: 6 payments dated 11/03 to 11/10: every date reads either way. For a US
  organisation they are November 3rd to 10th: 6 imported, 0 errors.
- event-attendance.csv: 4 attendances and no type column: every row an event, 4 interactions.
"""


import openpyxl
import pytest

from donor_import.data.file_keys import error_file_key
from tests.integration.test_import_types import SAMPLES, confirm, contact, start


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_gifts_with_unassigned_area_codes_are_imported_with_warnings(stack, tmp_path):
    import_id, preview = start(stack, "donations", "gifts.csv", _sample("donations-bad-area-codes.csv"))
    assert [w["value"] for w in preview["warnings"]] == ["814-129-8994", "392-123-6797", "188 868 9554"]
    done = confirm(stack, import_id, preview["suggested_mapping"])
    assert (done["status"], done["rows_total"], done["rows_processed"], done["rows_with_errors"],
            done["rows_with_warnings"]) == ("Success", 7, 6, 1, 3)
    okafor = contact("org-a", "t.okafor@example.org")
    assert "phone" not in okafor
    gifts = stack.stores.crm.records_of("org-a", okafor["contact_id"], "donation")
    assert [(g["amount"], g["payment_method"]) for g in gifts] == [("1500.00", "check")]
    assert contact("org-a", "mary.whitfield@example.org")["phone"] == "+14155550132"

    path = tmp_path / "errors.xlsx"
    path.write_bytes(stack.s3.get_object(Bucket=stack.ref("FilesBucket"),
                                         Key=error_file_key("org-a", import_id))["Body"].read())
    book = openpyxl.load_workbook(path, read_only=True)
    warnings = [list(row) for row in book["Warnings"].iter_rows(values_only=True)]
    assert [row[:3] for row in warnings[1:]] == [[3, "Phone number", "814-129-8994"],
                                                 [4, "Phone number", "392-123-6797"],
                                                 [5, "Phone number", "188 868 9554"]]
    assert len(list(book["Rejected rows"].iter_rows())) == 2  # the heading and Susan Park's gift
    book.close()


def test_an_organisation_that_makes_phone_warnings_errors_gets_those_rows_rejected(stack):
    assert stack.call("PUT", "/settings", {"field_levels": {"phone": "error"}})[0] == 200
    import_id, preview = start(stack, "donations", "gifts.csv", _sample("donations-bad-area-codes.csv"))
    done = confirm(stack, import_id, preview["suggested_mapping"])
    assert (done["rows_processed"], done["rows_with_errors"], done["rows_with_warnings"]) == (3, 4, 0)


def test_australian_contacts_phones_are_read_in_the_rows_country(stack):
    import_id, preview = start(stack, "contacts", "people.csv", _sample("australian-contacts.csv"))
    assert [(w["row"], w["field"], w["value"]) for w in preview["warnings"]] == [(4, "postal_code", "4OOO")]
    done = confirm(stack, import_id, preview["suggested_mapping"])
    assert (done["status"], done["rows_processed"], done["rows_with_errors"], done["rows_with_warnings"],
            done["contacts_created"]) == ("Success", 5, 0, 1, 5)
    assert contact("org-a", "olivia.smith@example.com.au")["phone"] == "+61412345678"
    assert contact("org-a", "jack.w@example.com.au")["phone"] == "+61396501234"
    assert contact("org-a", "noah.taylor@example.co.nz")["phone"] == "+64211234567"
    assert "postal_code" not in contact("org-a", "charlotte.brown@example.com.au")


US_PAYMENTS = "us-payments-ambiguous-dates.csv"


def test_ambiguous_dates_take_the_organisations_order_and_the_import_succeeds(stack):
    status, saved = stack.call("PUT", "/settings", {"country": "us", "currency": "USD"})
    assert (status, saved["country"], saved["usual_date_order"]) == (200, "US", "MDY")
    import_id, preview = start(stack, "donations", "payments.csv", _sample(US_PAYMENTS))
    assert preview["date_order_needed"] == [] and preview["problems"] == []
    assert preview["date_order_reasons"] == {"date": "no date in the file says; your organisation's setting: "
                                                     "month first"}
    done = confirm(stack, import_id, preview["suggested_mapping"])
    assert (done["status"], done["rows_processed"], done["rows_with_errors"]) == ("Success", 6, 0)
    gifts = stack.stores.crm.records_of("org-a", contact("org-a", "erin.cole@example.org")["contact_id"], "donation")
    assert [g["date"] for g in gifts] == ["2025-11-10"]


def test_a_confirm_that_leaves_a_date_column_undecidable_is_refused_naming_it(stack):
    import_id, preview = start(stack, "donations", "payments.csv", _sample(US_PAYMENTS))
    assert preview["date_order_needed"] == ["date"]
    status, refused = stack.call("PUT", f"/imports/{import_id}/mapping", {"mapping": preview["suggested_mapping"]})
    assert status == 422 and "'Payment Date' (date)" in refused["error"]["message"], refused
    assert stack.call("GET", f"/imports/{import_id}")[1]["stage"] == "mapping", "still waiting for its mapping"
    done = confirm(stack, import_id, preview["suggested_mapping"], options={"date_orders": {"date": "MDY"}})
    assert (done["status"], done["rows_processed"]) == ("Success", 6)


def test_an_attendance_export_without_a_type_column_imports_as_events(stack):
    import_id, preview = start(stack, "interactions", "attendance.csv", _sample("event-attendance.csv"))
    mapping = {"Attendee Email": "email", "First Name": "first_name", "Last Name": "last_name",
               "Event Date": "date", "Event Name": "subject", "Session Format": None}
    status, refused = stack.call("PUT", f"/imports/{import_id}/mapping", {"mapping": mapping})
    assert status == 422 and "type" in refused["error"]["message"]
    done = confirm(stack, import_id, mapping, options={"constants": {"type": "event"}}, save=True)
    assert (done["status"], done["rows_processed"], done["rows_with_errors"]) == ("Success", 4, 0)
    touches = stack.stores.crm.records_of("org-a", contact("org-a", "amy.lee@example.org")["contact_id"],
                                          "interaction")
    assert sorted((t["type"], t["subject"]) for t in touches) == [("event", "Donor Breakfast"),
                                                                  ("event", "Volunteer Orientation")]
    again, preview = start(stack, "interactions", "attendance-2.csv", _sample("event-attendance.csv"))
    assert preview["saved_mapping_used"]
    assert stack.call("GET", f"/imports/{again}")[1]["options"]["constants"] == {"type": "event"}


def test_settings_are_the_defaults_until_saved_and_each_organisations_own(stack):
    assert stack.call("GET", "/settings") == (200, {
        "country": None, "date_order": None, "usual_date_order": None, "currency": None, "field_levels": {},
        "dictionaries": {}, "campaigns": [], "funds": []})
    chosen = {"country": "AU", "currency": "AUD", "field_levels": {"postal_code": "error"},
              "dictionaries": {"type": {"Catch-up": "meeting"}, "payment_method": {"Bpay": "bank transfer"}}}
    status, saved = stack.call("PUT", "/settings", chosen)
    assert status == 200 and saved == {**chosen, "date_order": None, "usual_date_order": "DMY", "campaigns": [],
                                       "funds": []}
    assert stack.call("GET", "/settings")[1] == saved
    assert stack.call("GET", "/settings", token="org-b-token")[1]["country"] is None


@pytest.mark.parametrize(("body", "status", "fragment"), [
    ({"country": "ZZ"}, 422, "'ZZ' is not an ISO 3166 country code"),
    ({"field_levels": {"email": "warning"}}, 422, "not email"),
    ({"dictionaries": {"type": {"Catch-up": "brunch"}}}, 422, "no value(s) 'brunch'"),
    ({"dictionaries": {"campaign": {"x": "y"}}}, 422, "'campaign' has no fixed list"),
    ({"funds": ["General", "GENERAL"]}, 422, "funds listed twice: 'GENERAL', 'General'"),
    ({"campaigns": ["Gala"], "dictionaries": {"campaign": {"Gala 25": "Golf"}}}, 422, "no value(s) 'Golf'"),
    ({"country": "Australia"}, 400, "country"),
    ({"campaigns": ["x" * 101]}, 400, "campaigns"),
    ({"funds": [f"Fund {n}" for n in range(501)]}, 400, "funds"),
    ({"field_levels": {"phone": "maybe"}}, 400, "field_levels"),
    ({"colour": "blue"}, 400, "colour"),
])
def test_settings_that_name_what_does_not_exist_are_refused(stack, body, status, fragment):
    answered, refused = stack.call("PUT", "/settings", body)
    assert answered == status and fragment in refused["error"]["message"], refused
    assert stack.call("GET", "/settings")[1]["country"] is None, "nothing was saved"


def test_the_organisations_campaigns_and_funds_are_saved_and_given_to_an_import(stack):
    chosen = {"campaigns": ["Annual Gala", "Spring Appeal 2025"], "funds": ["General"],
              "dictionaries": {"campaign": {"Gala 25": "Annual Gala"}}, "field_levels": {"fund": "error"}}
    status, saved = stack.call("PUT", "/settings", chosen)
    assert status == 200 and {key: saved[key] for key in chosen} == chosen
    data = b"Email,Amount,Date,Appeal,Fund\nada@example.org,5,2025-11-03,Gala 25,General\n"
    import_id, preview = start(stack, "donations", "gifts.csv", data)
    campaign, fund = preview["value_dictionary"]
    assert (campaign["field"], campaign["choices"], campaign["if_unmapped"]) == (
        "campaign", chosen["campaigns"], "warning")
    assert campaign["values"] == [{"value": "Gala 25", "maps_to": "Annual Gala", "how": "chosen"}]
    options = stack.call("GET", f"/imports/{import_id}")[1]["options"]
    assert options["lists"] == {"campaign": chosen["campaigns"], "fund": ["General"]}
    assert options["field_errors"] == ["fund"]


def test_the_value_dictionary_is_shown_changed_by_the_user_and_saved_with_the_mapping(stack):
    data = (b"Email,Date,Activity\nada@example.org,2025-11-03,Face to face\n"
            b"grace@example.org,2025-11-04,Quarterly review\nalan@example.org,2025-11-05,Zoom call\n")
    import_id, preview = start(stack, "interactions", "touches.csv", data)
    (shown,) = preview["value_dictionary"]
    assert [(v["value"], v["maps_to"]) for v in shown["values"]] == [
        ("Face to face", "meeting"), ("Quarterly review", None), ("Zoom call", "meeting")]
    refused = stack.call("PUT", f"/imports/{import_id}/mapping", {
        "mapping": preview["suggested_mapping"], "options": {"values": {"type": {"Quarterly review": "brunch"}}}})
    assert refused[0] == 422 and "'brunch'" in refused[1]["error"]["message"]
    done = confirm(stack, import_id, preview["suggested_mapping"],
                   options={"values": {"type": {"Quarterly review": "meeting"}}}, save=True)
    assert (done["rows_processed"], done["rows_with_errors"]) == (3, 0)
    again, preview = start(stack, "interactions", "touches-2.csv", data)
    assert [v["how"] for v in preview["value_dictionary"][0]["values"]] == ["synonym", "chosen", "synonym"]
