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
