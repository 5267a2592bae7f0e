"""The checked-in openapi.json is the document the API generates from its own routes and models."""

from local.openapi import render
from local.template import ROOT


def test_checked_in_openapi_matches_the_api():
    assert (ROOT / "openapi.json").read_text() == render(), "run `make openapi` and commit openapi.json"


def test_every_route_of_the_template_is_documented():
    import json

    from local.template import functions, load

    paths = json.loads(render())["paths"]
    (api,) = [f for f in functions(load()) if f.logical_id == "ApiFunction"]
    for route in api.routes:
        assert route.method.lower() in paths[route.path], route


def test_every_success_answer_has_a_schema_that_declares_its_fields():
    import json

    document = json.loads(render())
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        if path == "/openapi.json":  # the document itself
            continue
        for method, operation in operations.items():
            (success,) = [r for status, r in operation["responses"].items() if status.startswith("2")]
            schema = success["content"]["application/json"]["schema"]
            model = schemas[schema["$ref"].rsplit("/", 1)[-1]]
            assert model["additionalProperties"] is False and model["properties"], (method, path)
