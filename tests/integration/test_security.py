"""One organisation never reaches another's data; uploads are tied to their key, size and a few minutes;
limits fail clearly; malformed requests get 4xx, never 500."""

import base64
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook

from donor_import.config import settings
from local.template import load

MAPPING = {"Email": "email", "First": "first_name"}
DATA = b"Email,First\nada@example.org,Ada\nbob@example.org,Bob\n"


def finished_import(stack, token="org-a-token") -> dict:
    return stack.run_import("contacts", "people.csv", DATA, MAPPING, token=token)


def test_org_b_gets_404_on_every_route_of_org_a(stack):
    done = finished_import(stack)
    import_id = done["import_id"]
    made = stack.call("POST", f"/imports/{import_id}/list", {})[1]
    b = "org-b-token"
    assert stack.call("GET", f"/imports/{import_id}", token=b)[0] == 404
    assert stack.call("PUT", f"/imports/{import_id}/mapping", {"mapping": MAPPING}, token=b)[0] == 404
    assert stack.call("POST", f"/imports/{import_id}/retry", {}, token=b)[0] == 404
    assert stack.call("POST", f"/imports/{import_id}/list", {}, token=b)[0] == 404
    assert stack.call("GET", f"/lists/{made['list_id']}/contacts", token=b)[0] == 404
    assert stack.call("GET", "/imports", token=b)[1]["items"] == []
    status, answer = stack.call("GET", f"/imports/{import_id}", token=b)
    assert answer["error"]["code"] == "not_found" and "url" not in json.dumps(answer)
    # the same calls work for org A
    assert stack.call("GET", f"/lists/{made['list_id']}/contacts")[0] == 200


def test_cursors_of_another_organisation_or_forged_are_refused(stack):
    for n in range(3):
        stack.call("POST", "/imports", {"import_type": "contacts", "file_name": f"{n}.csv"})
    cursor = stack.call("GET", "/imports", query="limit=1")[1]["next_cursor"]
    assert stack.call("GET", "/imports", token="org-b-token", query=f"cursor={cursor}")[0] == 400
    forged = base64.urlsafe_b64encode(json.dumps({"pk": "ORG#org-a", "sk": "IMPORT#Z"}).encode()).decode()
    assert stack.call("GET", "/imports", token="org-b-token", query=f"cursor={forged}")[0] == 400
    assert stack.call("GET", "/imports", query="cursor=not-base64!")[0] == 400


def test_the_organisation_comes_from_the_token_not_the_body(stack):
    status, created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "x.csv",
                                                      "org_id": "org-b"})
    assert status == 201
    assert created["upload"]["fields"]["key"].startswith("uploads/org-a/")


def test_presigned_post_is_tied_to_its_key_a_size_limit_and_minutes(stack):
    created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "../../etc/pass wd.csv"})[1]
    fields = created["upload"]["fields"]
    import_id = created["import"]["import_id"]
    assert fields["key"] == f"uploads/org-a/{import_id}/pass wd.csv"
    policy = json.loads(base64.b64decode(fields["policy"]))
    assert {"key": fields["key"]} in policy["conditions"]
    assert ["content-length-range", 1, settings().max_upload_bytes] in policy["conditions"]
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert 0 < (expires - datetime.now(UTC)).total_seconds() <= 300


def test_a_file_over_the_size_limit_fails_clearly(stack, monkeypatch):
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "20")
    settings.cache_clear()
    done = finished_import(stack)
    assert done["status"] == "Failed" and "at most 0 MB can be imported" in done["failure_reason"]


def test_too_many_rows_fails_clearly(stack, monkeypatch):
    monkeypatch.setenv("MAX_ROWS", "1")
    settings.cache_clear()
    done = finished_import(stack)
    assert done["status"] == "Failed" and done["failure_reason"].startswith("the file has more than 1 rows")


def test_too_many_columns_and_overlong_cells(stack):
    wide = (",".join(f"c{n}" for n in range(501)) + "\n" + ",".join("x" for _ in range(501)) + "\n").encode()
    done = stack.run_import("contacts", "wide.csv", wide, {"c0": "email"})
    assert done["status"] == "Failed" and "501 columns; at most 500" in done["failure_reason"]
    long = f"Email,First\nada@example.org,{'A' * 40000}\nbob@example.org,Bob\n".encode()
    done = stack.run_import("contacts", "long.csv", long, MAPPING)
    assert (done["status"], done["rows_processed"], done["rows_with_errors"]) == ("Success", 1, 1)


def zip_bomb() -> bytes:
    base = io.BytesIO()
    Workbook().save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with bomb.open(item.filename, "w", force_zip64=True) as sheet:
                    for _ in range(600):
                        sheet.write(b"<!--" + b"0" * 2**20 + b"-->")
            else:
                bomb.writestr(item, source.read(item))
    return out.getvalue()


def test_an_xlsx_zip_bomb_fails_fast(stack):
    data = zip_bomb()
    assert len(data) < 2 * 2**20
    status, created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "bomb.xlsx"})
    stack.upload(created["upload"]["fields"]["key"], data)
    shown = stack.call("GET", f"/imports/{created['import']['import_id']}")[1]
    assert shown["status"] == "Failed" and "expands to more than 512 MB" in shown["failure_reason"]


@pytest.mark.parametrize("method,path,body,query", [
    ("POST", "/imports", "not an object", ""),
    ("POST", "/imports", b"{not json", ""),
    ("PUT", "/imports/nope/mapping", b"\xff\xfe", ""),
    ("POST", "/imports", [1, 2], ""),
    ("POST", "/imports", {"import_type": "contacts"}, ""),
    ("POST", "/imports", {"import_type": "contacts", "file_name": ""}, ""),
    ("POST", "/imports", {"import_type": "contacts", "file_name": "a.csv", "mapping": "x"}, ""),
    ("POST", "/imports", {"import_type": "contacts", "file_name": "a.csv", "options": {"default_region": "ZZZ"}},
     ""),
    ("GET", "/imports", None, "limit=0"),
    ("GET", "/imports", None, "limit=abc"),
    ("GET", "/imports", None, "limit=1000"),
    ("GET", "/imports/nope", None, ""),
    ("PUT", "/imports/nope/mapping", {"mapping": {}}, ""),
    ("PUT", "/imports/nope/mapping", {"mapping": None}, ""),
    ("POST", "/imports/nope/retry", None, ""),
    ("POST", "/imports/nope/list", None, "outcome=deleted"),
    ("GET", "/lists/nope/contacts", None, "limit=-1"),
])
def test_malformed_requests_get_4xx_with_an_error(stack, method, path, body, query):
    status, answer = stack.call(method, path, body, query=query)
    assert 400 <= status < 500, answer
    assert set(answer["error"]) == {"code", "message"} and answer["error"]["message"]


def test_template_guards_the_api_and_the_bucket():
    template = load()
    api = template["Resources"]["HttpApi"]["Properties"]
    assert api["Auth"]["DefaultAuthorizer"] == "CognitoAuthorizer"
    assert "JwtConfiguration" in api["Auth"]["Authorizers"]["CognitoAuthorizer"]
    assert api["CorsConfiguration"]["AllowOrigins"] == [{"Ref": "AllowedOrigin"}]
    open_routes = [
        name for name, event in template["Resources"]["ApiFunction"]["Properties"]["Events"].items()
        if event["Properties"].get("Auth", {}).get("Authorizer") == "NONE"
    ]
    assert open_routes == ["Health", "OpenApi"]
    bucket = template["Resources"]["FilesBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"] == [{"Ref": "AllowedOrigin"}]
    rules = bucket["LifecycleConfiguration"]["Rules"]
    expiring = {r["Prefix"]: r["ExpirationInDays"] for r in rules if "ExpirationInDays" in r}
    assert expiring == {"uploads/": 7, "errors/": 7, "work/": 7}  # results/ (Load to List) are kept


def test_a_wide_file_of_long_headers_still_offers_a_mapping(stack):
    headers = [f"{'H' * 1200}{n}" for n in range(450)]
    row = ["x" * 300] * 450
    data = (",".join(headers) + "\n" + "\n".join(",".join(row) for _ in range(60)) + "\n").encode()
    status, created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "wide.csv"})
    stack.upload(created["upload"]["fields"]["key"], data)
    shown = stack.call("GET", f"/imports/{created['import']['import_id']}")[1]
    assert shown["stage"] == "mapping"
    preview = shown["preview"]
    headers = preview["headers"]  # cut to 255 characters, then numbered where the cut made them equal
    assert len(set(headers)) == 450 and all(len(h) <= 255 + len(" (450)") for h in headers)
    assert 1 <= len(preview["sample_rows"]) < 10  # fewer rows kept: the stored preview fits its item


def test_ids_that_this_system_cannot_have_made_are_not_looked_up(stack):
    for path in (f"/imports/{'A' * 2000}", "/imports/01KSAMPEEVENT000000000000I", "/lists/%00/contacts"):
        assert stack.call("GET", path)[0] == 404, path
