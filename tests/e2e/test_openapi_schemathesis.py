"""Schemathesis against the local stack: generated requests for every documented operation; no 5xx, and every
answer conforms to the OpenAPI document (status code, content type, body schema).

Schemathesis' own pytest plugin does not run under this pytest, so each operation's strategy is driven by
hypothesis here."""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.e2e
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
AUTH = {"Authorization": "Bearer org-a-token"}


def test_api_conforms_to_its_openapi_document(stack):
    document = requests.get(f"{stack.url}/openapi.json", timeout=10).json()
    found = [result.ok() for result in schemathesis.openapi.from_dict(document).get_all_operations()]
    assert len(found) == sum(len(methods) for methods in document["paths"].values()) >= 11
    for operation in found:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def conforms(case):
            case.call_and_validate(base_url=stack.url, headers=AUTH, checks=CHECKS)

        conforms()
