"""Writes the API's OpenAPI document (generated from its routes and models) to openapi.json.

    python -m local.openapi [openapi.json]
"""

import contextlib
import json
import os
import sys

from donor_import.config import Settings, settings

from .lambdas import load_handler_module
from .template import ROOT

API_HANDLER = ROOT / "functions" / "api" / "handler.py"


def document() -> dict:
    with _stand_in_settings():
        return load_handler_module(API_HANDLER, "openapi_api_handler").openapi_document()


@contextlib.contextmanager
def _stand_in_settings():
    """The handler checks its settings as it loads; the document reads none, so it is rendered with stand-ins
    for the ones this process lacks (and the environment is restored after)."""
    saved = dict(os.environ)
    for field in Settings.model_fields.values():
        if field.is_required():
            os.environ.setdefault(field.alias, "unused-by-the-openapi-document")
    settings.cache_clear()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        settings.cache_clear()


def render() -> str:
    return json.dumps(document(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "openapi.json")
    with open(target, "w") as out:
        out.write(render())
    print(f"wrote {target}")
