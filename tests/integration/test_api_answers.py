"""Every route answers what openapi.json declares and nothing more: each success answer of a real run is validated
against its schema (an answer model forbids undeclared fields, and says so in the schema); a token that names no
organisation or user is refused 403; the page's server rules come from GET /import-types."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from jsonschema import Draft202012Validator, ValidationError
from pydantic import ValidationError as ModelError

from donor_import.api_models import ImportAnswer, answer
from donor_import.config import settings
from donor_import.domain.import_record import Stage
from donor_import.domain.reader import FORMATS_BY_EXTENSION
from donor_import.services.ending import watchdog
from local.http_api import Route, claims_for, make_event
from local.template import ROOT

DOCUMENT = json.loads((ROOT / "openapi.json").read_text())
PEOPLE = b"Email,First Name,Phone,Tags\nada@example.org,Ada,+14155550100,donor;2024\nbob@example.org,Bob,,\n"
MAPPING = {"Email": "email", "First Name": "first_name", "Phone": "phone", "Tags": "tags"}


def check(method: str, template: str, status: int, answered) -> None:
    """The answer conforms to the schema openapi.json gives this route and status."""
    content = DOCUMENT["paths"][template][method.lower()]["responses"][str(status)]["content"]
    Draft202012Validator({**content["application/json"]["schema"], "components": DOCUMENT["components"]}) \
        .validate(answered)


class Client:
    """stack.call, with every answer checked against the document and the operations called kept."""

    def __init__(self, stack):
        self.stack, self.called = stack, set()

    def __call__(self, method: str, template: str, expect: int = 200, body=None, query: str = "", **ids) -> dict:
        status, answered = self.stack.call(method, template.format(**ids), body, query=query)
        assert status == expect, answered
        check(method, template, status, answered)
        self.called.add((method.lower(), template))
        return answered


def test_every_routes_success_answer_conforms_to_its_declared_schema(stack):
    call = Client(stack)
    call("GET", "/health")
    call("GET", "/openapi.json")
    call("GET", "/import-types")
    call("GET", "/settings")
    call("PUT", "/settings", body={"country": "GB", "field_levels": {"phone": "warning"},
                                   "dictionaries": {"frequency": {"Every 4 weeks": "monthly"}}})
    created = call("POST", "/imports", 201, {"import_type": "contacts", "file_name": "people.csv"})
    import_id = created["import"]["import_id"]
    stack.upload(created["upload"]["fields"]["key"], PEOPLE)
    waiting = call("GET", "/imports/{import_id}", import_id=import_id)
    assert waiting["stage"] == "mapping" and waiting["preview"]["sample_rows"]
    call("POST", "/imports/{import_id}/preview", body={"mapping": {"Email": "email"}}, import_id=import_id)
    reread = call("PUT", "/imports/{import_id}/preview", body={"has_header_row": True}, import_id=import_id)
    assert reread["header_row"] is True and reread["headers"] == waiting["preview"]["headers"]
    call("PUT", "/imports/{import_id}/mapping", body={"mapping": MAPPING, "save": True}, import_id=import_id)
    stack.settle()
    assert call("GET", "/imports/{import_id}", import_id=import_id)["status"] == "Success"
    assert call("GET", "/imports", query="limit=5")["items"]
    listed = call("POST", "/imports/{import_id}/list", 201, import_id=import_id)
    contacts = call("GET", "/lists/{list_id}/contacts", list_id=listed["list_id"])["items"]
    assert {c["email"] for c in contacts} == {"ada@example.org", "bob@example.org"}
    duplicates = call("GET", "/imports/{import_id}/possible-duplicates", import_id=import_id, query="limit=10")
    assert duplicates == {"items": [], "next_cursor": None}
    assert call("GET", "/imports/{import_id}/rejected-rows", import_id=import_id)["items"] == []
    waiting = call("POST", "/imports", 201, {"import_type": "contacts", "file_name": "never-sent.csv"})
    cancelled = call("POST", "/imports/{import_id}/cancel", import_id=waiting["import"]["import_id"])
    assert (cancelled["status"], cancelled["failure_kind"]) == ("Failed", "cancelled")
    failed = call("POST", "/imports", 201, {"import_type": "contacts", "file_name": "bad.csv", "mapping": MAPPING})
    stack.upload(failed["upload"]["fields"]["key"], b"Email,First Name\nnot-an-email,Ada\n")
    later = datetime.now(UTC) + timedelta(seconds=settings().stall_seconds + 60)
    assert watchdog.sweep(stack.stores, later) == [failed["import"]["import_id"]]  # stalled: a retry can help
    assert call("POST", "/imports/{import_id}/retry", import_id=failed["import"]["import_id"])["stage"] == "validating"
    documented = {(method, path) for path, operations in DOCUMENT["paths"].items() for method in operations}
    assert call.called == documented


def test_an_answer_with_a_field_its_model_does_not_declare_is_refused(stack):
    _, created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "people.csv"})
    shown = stack.call("GET", f"/imports/{created['import']['import_id']}")[1]
    assert answer(ImportAnswer, shown) == shown  # what a route answers goes through its model unchanged
    leaked = {**shown, "file_key": created["upload"]["fields"]["key"]}
    with pytest.raises(ModelError, match="file_key"):
        answer(ImportAnswer, leaked)
    with pytest.raises(ValidationError, match="file_key"):
        check("GET", "/imports/{import_id}", 200, leaked)


def call_with_claims(stack, method: str, path: str, claims: dict | None, body=None) -> tuple[int, dict]:
    route = next(Route(r, stack.api) for r in stack.functions["ApiFunction"].routes
                 if r.method == method and Route(r, stack.api).pattern.match(path))
    data = json.dumps(body).encode() if body is not None else b""
    event = make_event(method, path, "", {"content-type": "application/json"}, data, route,
                       route.pattern.match(path).groupdict(), claims, "127.0.0.1")
    answered = stack.api.invoke(event)
    return answered["statusCode"], json.loads(answered["body"])


CREATE = {"import_type": "contacts", "file_name": "c.csv"}


@pytest.mark.parametrize(("method", "path", "body"), [("GET", "/import-types", None), ("GET", "/imports", None),
                                                      ("POST", "/imports", CREATE)])
def test_a_token_that_names_no_organisation_is_forbidden(stack, method, path, body):
    claims = {k: v for k, v in claims_for("org-a-token").items() if k != "custom:org_id"}
    assert call_with_claims(stack, method, path, claims, body) == (
        403, {"error": {"code": "forbidden", "message": "the token names no organisation"}})


def test_a_token_that_names_no_user_may_read_but_not_create_an_import(stack):
    claims = {k: v for k, v in claims_for("org-a-token").items() if k != "sub"}
    assert call_with_claims(stack, "GET", "/imports", claims)[0] == 200
    assert call_with_claims(stack, "POST", "/imports", claims, CREATE) == (
        403, {"error": {"code": "forbidden", "message": "the token names no user"}})


def test_a_request_with_no_verified_claims_is_unauthenticated(stack):
    status, answered = call_with_claims(stack, "GET", "/imports", None)
    assert status == 401 and answered["error"]["code"] == "unauthenticated"
    check("GET", "/imports", 401, answered)


def test_import_types_say_the_file_types_the_server_takes_and_every_stage_in_order(stack):
    status, types = stack.call("GET", "/import-types")
    assert status == 200
    assert types["accepted_file_types"] == list(FORMATS_BY_EXTENSION) and "csv" in types["accepted_file_types"]
    for extension in types["accepted_file_types"]:
        body = {"import_type": "contacts", "file_name": f"people.{extension.upper()}"}
        assert stack.call("POST", "/imports", body)[0] == 201, extension
    assert stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "people.pdf"})[0] == 400
    assert list(types["stages"]) == [stage.value for stage in Stage]
    assert types["stages"]["mapping"] == "Waiting for column mapping" and all(types["stages"].values())
    fields = [f for t in types["items"] for f in t["fields"]]
    assert all(isinstance(f["required"], bool) for f in fields) and any(f["required"] for f in fields)
