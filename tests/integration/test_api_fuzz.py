"""Malformed requests never break the API: hypothesis sends random JSON, random bytes, random query strings and
random ids to every route of the API function, and each answer is 2xx, or 4xx with {"error": {code, message}};
never 5xx, never an exception out of the handler.

The routes come from template.yaml, so a route added there is fuzzed too. The stack is one per test (moto), shared
by its examples: requests do not depend on each other, and the imports made up front give the ids real answers.
"""

import base64
import json
import re
import string
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from donor_import.domain.import_types import TYPES, ImportType
from local.http_api import Route, claims_for, make_event
from local.template import functions, load

ROUTES = sorted((r.method, r.path) for f in functions(load()) if f.logical_id == "ApiFunction" for r in f.routes)
BODY_ROUTES = {("POST", "/imports"), ("PUT", "/imports/{import_id}/mapping"), ("POST", "/imports/{import_id}/preview")}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

HEADERS = ["Email", "First", "Gift Amt", "Date"]
CSV = b"Email,First,Gift Amt,Date\nada@example.org,Ada,12.50,03/04/2024\nbob@example.org,Bob,5,2024-01-02\n"
FIELDS = sorted({f for spec in TYPES.values() for f in spec.field_names})


# --- what a request may hold -------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
raw_bodies = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"", b"null", b"[]", b"{}", b'"x"', b"{", b"NaN", b'{"a": NaN}', b'{"import_type": Infinity}',
                     b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00", b"[" * 3000 + b"]" * 3000, b'{"a":' * 2000,
                     b'{"import_type": ' + b"9" * 5000 + b"}", b'{"mapping": {"Email": "email"}} trailing']),
)
file_names = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["people.csv", "gifts.XLSX", "a.tsv", "notes.txt", "report.pdf", ".csv", "..", "../../etc/passwd",
                     "C:\\temp\\a.csv", "no extension", "a.csv\x00.exe", "é" * 200 + ".csv", "x" * 256 + ".csv"]),
)
mappings = st.one_of(
    st.dictionaries(st.sampled_from(HEADERS), st.none() | st.sampled_from(FIELDS), max_size=4),  # often usable
    st.dictionaries(st.one_of(st.sampled_from(HEADERS), st.text(max_size=30)),
                    st.one_of(st.none(), st.sampled_from(FIELDS), st.text(max_size=12), json_values), max_size=8),
)
HUGE_MAPPING = {f"{'column ' * 40}{n}": None for n in range(1500)} | {"Email": "email"}  # ~450 KB of headers
options = st.one_of(
    json_values,
    st.fixed_dictionaries({}, optional={
        "default_region": st.one_of(st.none(), st.sampled_from(["US", "de", "ZZ", "USA", "", "1A"]), json_values),
        "date_orders": st.one_of(json_values, st.dictionaries(
            st.sampled_from(["date", "start_date", "end_date", "amount"]) | st.text(max_size=8),
            st.sampled_from(["DMY", "MDY", "dmy", "YMD", ""]) | json_values, max_size=3)),
    }),
)
model_bodies = st.fixed_dictionaries({}, optional={
    "import_type": st.one_of(st.sampled_from([t.value for t in ImportType] + ["Contacts", "gifts", ""]), json_values),
    "file_name": st.one_of(file_names, json_values),
    "mapping": st.one_of(mappings, st.just(HUGE_MAPPING), json_values),
    "options": options,
    "save": st.one_of(st.booleans(), json_values),
    "org_id": st.sampled_from(["org-b", ""]),
})
usual_options = st.fixed_dictionaries({}, optional={
    "default_region": st.sampled_from(["US", "de", "GB"]),
    "date_orders": st.dictionaries(st.sampled_from(["date", "start_date"]), st.sampled_from(["DMY", "MDY"]),
                                   max_size=2),
})
# Bodies with the fields each route requires, mostly well typed: they get past the models to the services.
likely_bodies = st.one_of(
    st.fixed_dictionaries({"import_type": st.sampled_from([t.value for t in ImportType]) | json_values,
                           "file_name": st.sampled_from(["people.csv", "gifts.xlsx", "a.txt"]) | file_names},
                          optional={"mapping": mappings, "options": usual_options | options}),
    st.fixed_dictionaries({"mapping": mappings}, optional={"options": usual_options | options,
                                                            "save": st.booleans() | json_values}),
)
bodies = st.one_of(st.none(), raw_bodies, json_values, model_bodies, likely_bodies)

URL_SAFE = string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@%"
cursors = st.one_of(
    st.text(max_size=40),
    st.binary(max_size=60).map(lambda b: base64.urlsafe_b64encode(b).decode()),
    json_values.map(lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).decode()),
    st.tuples(st.sampled_from(["ORG#org-a", "ORG#org-b", "ORG#", "L#org-a#x"]),
              st.one_of(st.text(max_size=30), st.sampled_from(["", "IMPORT#", "IMPORT#ZZZZ", "M#", "META"]),
                        st.integers())).map(
        lambda key: base64.urlsafe_b64encode(json.dumps({"pk": key[0], "sk": key[1]}).encode()).decode()),
    st.integers(1, 1500).map(lambda depth: base64.urlsafe_b64encode(b"[" * depth).decode()),
)
query_values = {
    "limit": st.one_of(st.integers(-10**6, 10**6).map(str), st.text(max_size=8),
                       st.sampled_from(["", "1e2", "0x10", " 5", "5.0", "١٢", "9" * 5000, "100", "101", "0"])),
    "cursor": cursors,
    "outcome": st.one_of(st.sampled_from(["created", "updated", "", "CREATED", "both"]), st.text(max_size=10)),
}
queries = st.one_of(
    st.lists(st.sampled_from(sorted(query_values)).flatmap(lambda key: st.tuples(st.just(key), query_values[key])),
             max_size=4).map(urlencode),
    st.text(max_size=60),
    st.text(alphabet=URL_SAFE + "?=&#[]", max_size=60),
)
ids = st.one_of(
    st.text(alphabet=URL_SAFE, min_size=1, max_size=40),
    st.text(st.characters(exclude_characters="/?#", exclude_categories=["Cs"]), min_size=1, max_size=20),
    st.text(min_size=1, max_size=10).map(lambda t: quote(t, safe="")),
    st.integers(1000, 1200).map(lambda n: "A" * n),
    st.sampled_from(["%00", "%2F", "%ZZ", "..", ".", "IMPORT#x", "null", "0" * 26, "01ARZ3NDEKTSV4RRFFQ69G5FAV"]),
)


# --- the requests and what their answers must be ------------------------------------------------------------------


def known_ids(stack) -> dict[str, str]:
    """Imports at each stage (and a list), made once per stack: the ids the fuzzer mixes with random ones."""
    if not hasattr(stack, "fuzz_ids"):
        made = {}
        status, created = stack.call("POST", "/imports", {"import_type": "donations", "file_name": "waiting.csv"})
        assert status == 201, created
        made["awaiting"] = created["import"]["import_id"]
        status, created = stack.call("POST", "/imports", {"import_type": "donations", "file_name": "gifts.csv"})
        stack.upload(created["upload"]["fields"]["key"], CSV)
        made["mapping"] = created["import"]["import_id"]
        status, created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "junk.csv"})
        stack.upload(created["upload"]["fields"]["key"], b"\x00\x01\x02 not a csv")
        made["failed"] = created["import"]["import_id"]
        done = stack.run_import("contacts", "people.csv", CSV, {"Email": "email", "First": "first_name"})
        made["done"] = done["import_id"]
        status, listed = stack.call("POST", f"/imports/{done['import_id']}/list")
        assert status == 201, listed
        made["list"] = listed["list_id"]
        other = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "b.csv"}, token="org-b-token")
        made["other_org"] = other[1]["import"]["import_id"]
        assert {stack.call("GET", f"/imports/{made[stage]}")[1]["stage"] for stage in ("awaiting", "mapping")} == {
            "awaiting_upload", "mapping"}
        stack.fuzz_ids = made
    return stack.fuzz_ids


def path_of(template: str, identifier: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _: identifier, template)


def assert_answer(status: int, answer, request: str) -> None:
    assert status < 500, f"{request} -> {status} {answer}"
    assert 200 <= status < 500, f"{request} -> {status} {answer}"
    if status >= 400:
        assert isinstance(answer, dict) and set(answer) == {"error"}, f"{request} -> {status} {answer}"
        error = answer["error"]
        assert isinstance(error, dict) and set(error) >= {"code", "message"}, f"{request} -> {answer}"
        assert isinstance(error["code"], str) and error["code"], f"{request} -> {answer}"
        assert isinstance(error["message"], str) and error["message"].strip(), f"{request} -> {answer}"


def assert_options_taken_only_when_usable(route: tuple[str, str], status: int, body) -> None:
    """A 2xx on a route that stores or uses options: the options it took are ones the validator can use."""
    if route not in BODY_ROUTES or status >= 300 or not isinstance(body, dict):
        return
    chosen = body.get("options")
    if not isinstance(chosen, dict):
        return
    assert chosen.get("default_region") is None or re.fullmatch("[A-Za-z]{2}", chosen["default_region"]), chosen
    assert set((chosen.get("date_orders") or {}).values()) <= {"DMY", "MDY"}, f"{route} took {chosen}"


def call_as(stack, method: str, path: str, body: bytes, content_type: str) -> tuple[int, dict]:
    """stack.call with the request's Content-Type chosen (stack.call always sends application/json)."""
    route = next(Route(r, stack.api) for r in stack.functions["ApiFunction"].routes
                 if r.method == method and Route(r, stack.api).pattern.match(path))
    headers = {"content-type": content_type, "authorization": "Bearer org-a-token"}
    event = make_event(method, path, "", headers, body, route, route.pattern.match(path).groupdict(),
                       claims_for("org-a-token"), "127.0.0.1")
    answer = stack.api.invoke(event)
    return answer["statusCode"], json.loads(answer["body"])


def send(stack, route: tuple[str, str], identifier: str, body, query: str, token: str = "org-a-token",
         content_type: str | None = None):
    method, template = route
    path = path_of(template, identifier)
    if content_type is None:
        status, answer = stack.call(method, path, body, token=token, query=query)
    else:
        status, answer = call_as(stack, method, path, body if isinstance(body, bytes) else json.dumps(body).encode(),
                                 content_type)
    shown = body if not isinstance(body, bytes | dict) else repr(body)[:300]
    assert_answer(status, answer, f"{method} {path[:80]}?{query[:80]} {shown}")
    assert_options_taken_only_when_usable(route, status, body)
    if currently_in_test_context():
        event(f"{method} {template} -> {status}")  # shown by --hypothesis-show-statistics
    return status, answer


def pick_id(stack, choice: str | None, random_id: str) -> str:
    return known_ids(stack)[choice] if choice else random_id


ID_CHOICES = st.one_of(st.none(), st.sampled_from(["awaiting", "mapping", "failed", "done", "list", "other_org"]))


# --- the properties ----------------------------------------------------------------------------------------------


def test_the_routes_fuzzed_are_the_api_functions_routes():
    assert len(ROUTES) >= 9
    assert {("GET", "/import-types"), ("POST", "/imports"), ("GET", "/imports"), ("GET", "/imports/{import_id}"),
            ("PUT", "/imports/{import_id}/mapping"), ("POST", "/imports/{import_id}/retry"),
            ("POST", "/imports/{import_id}/list"), ("GET", "/lists/{list_id}/contacts")} <= set(ROUTES)


@FUZZ
@given(route=st.sampled_from(ROUTES), choice=ID_CHOICES, random_id=ids, body=bodies, query=queries)
@example(route=("POST", "/imports"), choice=None, random_id="x", body=b"[" * 5000, query="")
@example(route=("POST", "/imports"), choice=None, random_id="x", body=b'{"import_type": ' + b"1" * 5000 + b"}",
         query="")
@example(route=("GET", "/imports"), choice=None, random_id="x", body=None,
         query="cursor=" + base64.urlsafe_b64encode(b"[" * 1500).decode())
@example(route=("GET", "/imports/{import_id}"), choice=None, random_id="A" * 1100, body=None, query="")
def test_any_request_to_any_route_is_answered_2xx_or_4xx_with_an_error(stack, route, choice, random_id, body,
                                                                        query):
    send(stack, route, pick_id(stack, choice, random_id), body, query)


@FUZZ
@given(route=st.sampled_from(sorted(BODY_ROUTES & set(ROUTES))), choice=st.just("mapping") | ID_CHOICES,
       random_id=ids, body=likely_bodies | model_bodies, token=st.sampled_from(["org-a-token", "org-b-token"]))
@example(route=("POST", "/imports"), choice=None, random_id="x", token="org-a-token",
         body={"import_type": "contacts", "file_name": "a.csv", "mapping": HUGE_MAPPING})
@example(route=("POST", "/imports"), choice=None, random_id="x", token="org-a-token",
         body={"import_type": "contacts", "file_name": "a.csv", "mapping": {"Email": "email"},
               "options": {"date_orders": {"date": "YMD"}}})
@example(route=("PUT", "/imports/{import_id}/mapping"), choice="mapping", random_id="x", token="org-a-token",
         body={"mapping": {"Email": "email", "Gift Amt": "amount", "Date": "date"},
               "options": {"date_orders": {"date": "dmy"}}})
def test_bodies_near_the_models_are_refused_with_a_reason_or_taken_whole(stack, route, choice, random_id, body,
                                                                         token):
    """JSON objects shaped almost like the request models: wrong types, unknown fields and headers, options the
    validator cannot use, a mapping too big to store."""
    send(stack, route, pick_id(stack, choice, random_id), body, "", token)


@FUZZ
@given(route=st.sampled_from([r for r in ROUTES if r[0] == "GET"] + [("POST", "/imports/{import_id}/list")]),
       choice=ID_CHOICES, random_id=ids, query=queries, token=st.sampled_from(["org-a-token", "org-b-token"]))
@example(route=("GET", "/lists/{list_id}/contacts"), choice="list", random_id="x", token="org-a-token",
         query="cursor=" + base64.urlsafe_b64encode(json.dumps({"pk": "ORG#org-a", "sk": "zzz"}).encode()).decode())
@example(route=("GET", "/imports"), choice=None, random_id="x", token="org-b-token",
         query="cursor=" + base64.urlsafe_b64encode(json.dumps({"pk": "ORG#org-b", "sk": "zzz"}).encode()).decode())
def test_any_query_string_is_answered_2xx_or_4xx_with_an_error(stack, route, choice, random_id, query, token):
    """limit, cursor and outcome as random text, forged cursors in and out of the caller's partition."""
    send(stack, route, pick_id(stack, choice, random_id), None, query, token)


CONTENT_TYPES = st.one_of(
    st.sampled_from(["text/plain", "text/plain;charset=UTF-8", "multipart/form-data", "multipart/form-data; boundary=x",
                     "application/x-www-form-urlencoded", "APPLICATION/JSON", "Application/Json; charset=utf-8",
                     "application/json; charset=latin-1", "application/xml", "application/jsonx", "*/*", ""]),
    st.text(max_size=30),
)
FORMS = st.sampled_from([b"import_type=contacts&file_name=a.csv", b"--x\r\nContent-Disposition: form-data; "
                         b'name="import_type"\r\n\r\ncontacts\r\n--x--\r\n', b"--x--", b"%%%&&&==="])


@FUZZ
@given(route=st.sampled_from(sorted(BODY_ROUTES & set(ROUTES))), choice=ID_CHOICES, random_id=ids,
       body=st.one_of(raw_bodies, model_bodies, FORMS), content_type=CONTENT_TYPES)
@example(route=("POST", "/imports"), choice=None, random_id="x", content_type="multipart/form-data",
         body=b"import_type=contacts")
@example(route=("POST", "/imports"), choice=None, random_id="x", content_type="text/plain",
         body={"import_type": "contacts", "file_name": "a.csv"})
def test_a_body_of_any_content_type_is_answered_2xx_or_4xx_with_an_error(stack, route, choice, random_id, body,
                                                                       content_type):
    """The API reads JSON; a body sent as text, form data or anything else is refused with an error, not a crash."""
    send(stack, route, pick_id(stack, choice, random_id), body, "", content_type=content_type)


def deep_cursor(depth: int) -> str:
    return "cursor=" + base64.urlsafe_b64encode(b"[" * depth).decode()


@pytest.mark.parametrize(("route", "body", "query"), [
    (("POST", "/imports"), b"[" * 1200 + b"]" * 1200, ""),
    (("PUT", "/imports/{import_id}/mapping"), b'{"mapping": ' * 1200, ""),
    (("GET", "/imports"), None, deep_cursor(1200)),
    (("GET", "/imports"), None, deep_cursor(1536)),
    (("GET", "/lists/{list_id}/contacts"), None, deep_cursor(1200)),
], ids=["body", "mapping", "cursor", "longest-cursor", "list-cursor"])
def test_json_nested_past_the_recursion_limit_is_refused(stack, route, body, query):
    """Outside hypothesis, which lifts the recursion limit while it runs a test: JSON nested deeper than Python's
    own limit (1,000 frames) in a body or a cursor is a 400, not a RecursionError."""
    identifier = known_ids(stack)["list" if "list_id" in route[1] else "mapping"]
    status, answer = send(stack, route, identifier, body, query)
    assert status == 400, answer
