"""Writes the API's OpenAPI document (generated from its routes and models) to openapi.json.

    python -m local.openapi [openapi.json]
"""

import json
import os
import sys
from unittest import mock

from donor_import.config import settings

from .lambdas import load_handler_module
from .template import ROOT

API_HANDLER = ROOT / "functions" / "api" / "handler.py"
# The handler builds its stores when loaded; the document needs none of them, so any names will do.
PLACEHOLDER_SETTINGS = {name: "unused" for name in (
    "IMPORTS_TABLE", "RECORDS_TABLE", "FILES_BUCKET", "BATCH_QUEUE_URL", "VALIDATION_QUEUE_URL", "FINALIZE_QUEUE_URL")}


def document() -> dict:
    settings.cache_clear()
    try:
        with mock.patch.dict(os.environ, {**PLACEHOLDER_SETTINGS, **os.environ}):
            return load_handler_module(API_HANDLER, "openapi_api_handler").openapi_document()
    finally:
        settings.cache_clear()


def render() -> str:
    return json.dumps(document(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "openapi.json")
    with open(target, "w") as out:
        out.write(render())
    print(f"wrote {target}")
