"""The preview an import waits with at its mapping step: headers, sample rows, a suggested mapping (a saved one
for the same headers, else suggested from the headers and the sample's values), the problems it would raise and
how the file's first row was read. Built by the intake, and again when the user switches the header row."""

import json
from dataclasses import replace

from ..data.stores import Stores
from ..domain import mapping as mappings
from ..domain.header_reading import Reading, Sample
from ..domain.import_options import Options
from ..domain.import_record import Import
from ..domain.import_types import type_spec
from ..domain.org_lists import current_dictionaries
from ..domain.row_validation import preview
from .settings_api import import_options

PREVIEW_ROWS = 50
PREVIEW_CELL_CHARS = 200
PREVIEW_BYTES = 250_000


def build(stores: Stores, record: Import, headers: list[str], sample: Sample, reading: Reading, options: dict,
          column_values: dict[str, list[str]] | None = None) -> tuple[dict, dict]:
    """The preview to store, and the options it was made with (a saved mapping's, its dictionaries as the
    organisation's lists are now, or the import's, over the organisation's settings). column_values: the distinct
    values of the file's first rows, per header."""
    spec = type_spec(record.import_type)
    saved = stores.imports.saved_mapping(record.org_id, spec.name.value, mappings.headers_signature(headers))
    suggested = (mappings.carry_over(saved["mapping"], headers) if saved
                 else mappings.suggest(headers, spec, [cells for _, cells in sample]))
    # The validation run reads the file as the preview did: as it looks, unless the user said otherwise.
    switched = reading.has_header if reading.has_header != reading.detected else None
    chosen = import_options(stores, record.org_id,
                            {**(saved["options"] if saved else options), "has_header_row": switched})
    chosen, not_applied = _as_lists_are_now(chosen) if saved else (chosen, [])
    shown = preview(spec.name, headers, sample, suggested, chosen, column_values)
    if column_values is not None:
        shown["column_values"] = column_values
    shown["saved_mapping_used"] = bool(saved)
    shown["saved_mapping_message"] = ("Not applied from the saved mapping: " + "; ".join(not_applied)
                                      if not_applied else None)
    shown["sample"] = [{"row": n, "cells": cells} for n, cells in sample]
    shown.update(reading.to_dict())
    _fit(shown)
    return shown, chosen.to_dict()


def _as_lists_are_now(chosen: Options) -> tuple[Options, list[str]]:
    """The options with a saved mapping's dictionaries read against the organisation's lists as they are now
    (the organisation's own dictionaries, checked when saved, always are), and what they lost."""
    values, lost = current_dictionaries(chosen.values, chosen.lists)
    return replace(chosen, values=values), lost


def _fit(shown: dict) -> None:
    """Fewer sample rows, then shorter sample cells, until the preview fits in the import's item (DynamoDB
    holds 400 KB an item; only a file of hundreds of long columns comes near). The column values go first: the
    value dictionary then reads the sample's."""
    if len(json.dumps(shown)) > PREVIEW_BYTES:
        shown.pop("column_values", None)
    while len(json.dumps(shown)) > PREVIEW_BYTES and len(shown["sample"]) > 1:
        shown["sample"] = shown["sample"][: len(shown["sample"]) // 2]
        rows = {s["row"] for s in shown["sample"]}
        shown["problems"] = [p for p in shown["problems"] if p["row"] in rows]
        shown["warnings"] = [w for w in shown.get("warnings", []) if w["row"] in rows]
    if len(json.dumps(shown)) > PREVIEW_BYTES:
        shown["sample"] = [{"row": s["row"], "cells": [c[:20] for c in s["cells"]]} for s in shown["sample"]]
