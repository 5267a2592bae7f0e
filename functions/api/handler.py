"""The HTTP API (API Gateway HTTP API, payload v2): parse the request, call the service, shape the answer."""

import json
from typing import Annotated, Literal

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.logging import correlation_paths

from donor_import.api_models import (
    ConfirmMapping,
    CreatedImport,
    CreateImport,
    CreateList,
    Health,
    ImportAnswer,
    ImportPage,
    ImportPreview,
    ImportTypes,
    ListContactsPage,
    ListCreated,
    MappingPreview,
    PossibleDuplicatesPage,
    RejectedRowsPage,
    RetryImport,
    SettingsAnswer,
    SettingsBody,
    SwitchHeaderRow,
    TryMapping,
    answer,
    answers,
)
from donor_import.data.stores import build
from donor_import.domain.import_record import User
from donor_import.domain.reader import FORMATS_BY_EXTENSION
from donor_import.services import cancel, import_api, lists, possible_duplicates, rejected_rows, settings_api
from donor_import.services.errors import Forbidden, ServiceError, Unauthenticated
from donor_import.services.presenter import stage_labels

# Built from the settings, checked at cold start: a missing or malformed variable fails the load, naming it.
STORES = build()
logger = Logger()
tracer = Tracer()
metrics = Metrics()


def _json_body(text: str):
    """json.loads, with a body it cannot take (nested thousands deep, a number thousands of digits long) refused
    as invalid JSON, a 400, instead of escaping as a RecursionError or ValueError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except (RecursionError, ValueError) as error:
        raise json.JSONDecodeError(f"the body cannot be read ({error})", text, 0) from None


app = APIGatewayHttpResolver(enable_validation=True, json_body_deserializer=_json_body)

ORG_CLAIM = "custom:org_id"
PUBLIC = ("/health", "/openapi.json")


def _claims() -> dict:
    """The token's verified claims (API Gateway's JWT authorizer refuses a request without a valid token, so
    none here means a route deployed without it)."""
    claims = app.current_event.request_context.authorizer.jwt_claim
    if not claims:
        raise Unauthenticated("the request carries no verified token")
    return claims


def _org() -> str:
    org = _claims().get(ORG_CLAIM)
    if not org:
        raise Forbidden("the token names no organisation")
    logger.append_keys(org_id=org)
    return org


def _user() -> User:
    claims = _claims()
    if not claims.get("sub"):
        raise Forbidden("the token names no user")
    return User(sub=claims["sub"], email=claims.get("email"))


def _error(status: int, code: str, message: str) -> Response[dict]:
    return Response(status, "application/json", body={"error": {"code": code, "message": message}})


@app.exception_handler(ServiceError)
def service_error(error: ServiceError) -> Response[dict]:
    return _error(error.status, error.code, error.message)


@app.exception_handler(RequestValidationError)
def invalid_request(error: RequestValidationError) -> Response[dict]:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in error.errors()
    )
    return _error(400, "invalid_request", problems)


@app.exception_handler(UnicodeDecodeError)
def undecodable_body(_undecodable: UnicodeDecodeError) -> Response[dict]:
    return _error(400, "invalid_request", "the request body is not UTF-8 JSON")


@app.not_found
def not_found(_missing: NotFoundError) -> Response[dict]:
    return _error(404, "not_found", "no such route")


@app.get("/health", responses=answers(200, "The stack is up", Health))
def health() -> dict:
    return answer(Health, {"status": "ok"})


@app.get("/openapi.json")
def openapi() -> dict:
    return openapi_document()


def openapi_document() -> dict:
    """The API's OpenAPI document, generated from its own routes and models."""
    document = json.loads(app.get_openapi_json_schema(
        title="Donor import API", version="1.0.0",
        description="Imports of contacts, donations, pledges and interactions into a donor CRM.",
        security_schemes={"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        security=[{"bearer": []}],
    ))
    # Powertools documents its own 422 body on every route; this API answers errors as ErrorAnswer.
    error = {"$ref": "#/components/schemas/ErrorAnswer"}
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if path in PUBLIC:
                operation["security"] = []
                operation["responses"].pop("422", None)
            elif "422" in operation["responses"]:
                operation["responses"]["422"]["content"]["application/json"]["schema"] = error
    for unused in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):
        document["components"]["schemas"].pop(unused, None)
    return document


SIGNED_IN = (401, 403)  # every route but the public ones


@app.get("/import-types", responses=answers(200, "The import types and their fields, the file types an import "
                                                 "takes and the stages it goes through", ImportTypes, *SIGNED_IN))
def import_types() -> dict:
    _org()
    return answer(ImportTypes, {"items": import_api.import_types(), "accepted_file_types": list(FORMATS_BY_EXTENSION),
                                "stages": stage_labels()})


@app.post("/imports", responses=answers(201, "The import and its presigned upload", CreatedImport, 400, *SIGNED_IN,
                                        422))
def create_import(body: Annotated[CreateImport, Body()]) -> Response[dict]:
    created = import_api.create_import(STORES, _org(), _user(), body.import_type, body.file_name, body.mapping,
                                    _options(body), allow_duplicate_file=body.allow_duplicate_file)
    return Response(201, "application/json", body=answer(CreatedImport, created))


@app.get("/imports", responses=answers(200, "A page of the imports the filters take, newest first (a filtered page "
                                      "may be short, even empty, and still have a next_cursor)", ImportPage, 400,
                                      *SIGNED_IN, 422))
def list_imports(limit: Annotated[int, Query(ge=1, le=100)] = 20,
                 cursor: Annotated[str | None, Query(max_length=2048)] = None,
                 q: Annotated[str | None, Query(max_length=200, description="Words the file name contains (any case)")]
                 = None,
                 type: Annotated[str | None, Query(max_length=64, description="The import type")] = None,  # noqa: A002
                 status: Annotated[str | None, Query(max_length=32, description="In Progress, Success or Failed")]
                 = None,
                 from_: Annotated[str | None, Query(alias="from", max_length=10,
                                                    description="The first day created (YYYY-MM-DD, UTC)")] = None,
                 to: Annotated[str | None, Query(max_length=10,
                                                 description="The last day created (YYYY-MM-DD, UTC)")] = None) -> dict:
    chosen = import_api.import_filter(q, type, status, from_, to)
    return answer(ImportPage, import_api.list_imports(STORES, _org(), limit, cursor, chosen))


@app.get("/imports/<import_id>", responses=answers(200, "The import", ImportAnswer, 400, *SIGNED_IN, 404))
def show_import(import_id: str) -> dict:
    return answer(ImportAnswer, import_api.show(STORES, _org(), import_id))


@app.put("/imports/<import_id>/mapping",
         responses=answers(200, "The import, validating", ImportAnswer, 400, *SIGNED_IN, 404, 409, 422))
def confirm_mapping(import_id: str, body: Annotated[ConfirmMapping, Body()]) -> dict:
    return answer(ImportAnswer, import_api.confirm_mapping(STORES, _org(), import_id, body.mapping, _options(body),
                                                        body.save,
                                                        allow_duplicate_file=body.allow_duplicate_file))


@app.post("/imports/<import_id>/preview",
          responses=answers(200, "The preview this mapping gives on the sample rows", MappingPreview, 400,
                            *SIGNED_IN, 404, 409, 422))
def try_mapping(import_id: str, body: Annotated[TryMapping, Body()]) -> dict:
    found = import_api.preview_mapping(STORES, _org(), import_id, body.mapping, _options(body))
    return answer(MappingPreview, found)


@app.put("/imports/<import_id>/preview",
         responses=answers(200, "The preview read again with (or without) the first row as the header",
                           ImportPreview, 400, *SIGNED_IN, 404, 409))
def switch_header_row(import_id: str, body: Annotated[SwitchHeaderRow, Body()]) -> dict:
    return answer(ImportPreview, import_api.switch_header_row(STORES, _org(), import_id, body.has_header_row))


def _options(body: CreateImport | ConfirmMapping | TryMapping) -> dict | None:
    return body.options.model_dump(exclude_none=True) if body.options else None


@app.post("/imports/<import_id>/retry",
          responses=answers(200, "The import, running again", ImportAnswer, 400, *SIGNED_IN, 404, 409))
def retry_import(import_id: str, body: Annotated[RetryImport | None, Body()] = None) -> dict:
    allow = bool(body and body.allow_duplicate_file)
    return answer(ImportAnswer, import_api.retry(STORES, _org(), import_id, allow_duplicate_file=allow))


@app.post("/imports/<import_id>/cancel",
          responses=answers(200, "The import, ended: Failed, kind cancelled, with what it wrote before it stopped",
                            ImportAnswer, 400, *SIGNED_IN, 404, 409))
def cancel_import(import_id: str) -> dict:
    return answer(ImportAnswer, cancel.cancel(STORES, _org(), import_id, _user()))


@app.get("/imports/<import_id>/rejected-rows",
         responses=answers(200, "A page of the import's rejected rows", RejectedRowsPage, 400, *SIGNED_IN, 404))
def list_rejected_rows(import_id: str, limit: Annotated[int, Query(ge=1, le=200)] = 50,
                       cursor: Annotated[str | None, Query(max_length=64)] = None,
                       reason: Annotated[str | None, Query(max_length=200,
                                                           description="Words the reason contains")] = None,
                       field: Annotated[str | None, Query(max_length=64,
                                                          description="A field that rejected the row")] = None) -> dict:
    found = rejected_rows.rejected_rows(STORES, _org(), import_id, limit, cursor, reason=reason, field=field)
    return answer(RejectedRowsPage, found)


@app.post("/imports/<import_id>/list",
          responses=answers(201, "The import's list (made now, or before by any caller)", ListCreated, 400,
                            *SIGNED_IN, 404, 409))
def load_to_list(import_id: str, body: Annotated[CreateList | None, Body()] = None,
                 outcome: Annotated[Literal["created", "updated"] | None, Query()] = None) -> Response[dict]:
    made = lists.create_list(STORES, _org(), import_id, outcome, body.name if body else None)
    return Response(201, "application/json", body=answer(ListCreated, made))


@app.get("/imports/<import_id>/possible-duplicates",
         responses=answers(200, "A page of the new contacts that may be contacts stored already, in file order",
                           PossibleDuplicatesPage, 400, *SIGNED_IN, 404))
def list_possible_duplicates(import_id: str, limit: Annotated[int, Query(ge=1, le=100)] = 50,
                             cursor: Annotated[str | None, Query(max_length=2048)] = None) -> dict:
    found = possible_duplicates.page(STORES, _org(), import_id, limit, cursor)
    return answer(PossibleDuplicatesPage, found)


@app.get("/lists/<list_id>/contacts",
         responses=answers(200, "A page of the list's contacts", ListContactsPage, 400, *SIGNED_IN, 404))
def list_contacts(list_id: str, limit: Annotated[int, Query(ge=1, le=100)] = 50,
                  cursor: Annotated[str | None, Query(max_length=2048)] = None) -> dict:
    return answer(ListContactsPage, lists.list_contacts(STORES, _org(), list_id, limit, cursor))


@app.get("/settings", responses=answers(200, "The organisation's settings", SettingsAnswer, *SIGNED_IN))
def show_settings() -> dict:
    return answer(SettingsAnswer, settings_api.show(STORES, _org()))


@app.put("/settings", responses=answers(200, "The organisation's settings, as saved", SettingsAnswer, 400,
                                        *SIGNED_IN, 422))
def save_settings(body: Annotated[SettingsBody, Body()]) -> dict:
    return answer(SettingsAnswer, settings_api.save(STORES, _org(), body.model_dump()))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context) -> dict:
    logger.append_keys(import_id=(event.get("pathParameters") or {}).get("import_id"))
    return _refused_media_type(event) or app.resolve(event, context)


def _refused_media_type(event: dict) -> dict | None:
    """The API reads JSON bodies only: a request that sends (or may send) a body as text, form data or anything
    else is refused here; the resolver would answer 415 without an error object, or raise on a multipart type
    without a boundary. Media types are case-insensitive: APPLICATION/JSON is JSON."""
    headers = event.get("headers") or {}
    name = next((key for key in headers if key.lower() == "content-type"), None)
    declared = headers[name].strip() if name else ""
    media_type = declared.split(";", 1)[0].strip().lower()
    method = event.get("requestContext", {}).get("http", {}).get("method")
    if media_type == "application/json":
        headers[name] = media_type
    elif declared and (event.get("body") or method in ("POST", "PUT", "PATCH")):
        error = {"code": "unsupported_media_type",
                 "message": f"the body must be JSON (Content-Type: application/json), not '{media_type[:80]}'"}
        return {"statusCode": 415, "headers": {"Content-Type": "application/json"},
                "body": json.dumps({"error": error}), "isBase64Encoded": False}
    return None
