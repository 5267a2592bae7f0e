"""Writes the API's OpenAPI document (generated from its routes and models) to openapi.json.

    python -m local.openapi [openapi.json]
"""

import json
import sys

from .lambdas import load_handler_module
from .template import ROOT

API_HANDLER = ROOT / "functions" / "api" / "handler.py"


def document() -> dict:
    return load_handler_module(API_HANDLER, "openapi_api_handler").openapi_document()


def render() -> str:
    return json.dumps(document(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "openapi.json")
    with open(target, "w") as out:
        out.write(render())
    print(f"wrote {target}")
