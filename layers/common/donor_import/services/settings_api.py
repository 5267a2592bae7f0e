"""What the API does with an organisation's settings, and the options an import takes from them."""

from ..data.stores import Stores
from ..domain.matching.rules import choice_errors
from ..domain.org_settings import OrgSettings
from ..domain.row_validation import Options
from .errors import Unprocessable


def current(stores: Stores, org_id: str) -> OrgSettings:
    """The organisation's settings; the defaults (nothing set) when it has saved none."""
    return OrgSettings.model_validate(stores.imports.settings(org_id) or {})


def show(stores: Stores, org_id: str) -> dict:
    return _shown(current(stores, org_id))


def save(stores: Stores, org_id: str, chosen: dict) -> dict:
    """Replace the organisation's settings; Unprocessable when they name a country, field or value that does
    not exist."""
    settings = OrgSettings.model_validate(chosen)
    errors = settings.errors()
    if errors:
        raise Unprocessable("; ".join(errors))
    settings.country = settings.country.upper() if settings.country else None
    stores.imports.put_settings(org_id, settings.model_dump(mode="json"))
    return _shown(settings)


def _shown(settings: OrgSettings) -> dict:
    return {**settings.model_dump(mode="json"), "usual_date_order": settings.usual_date_order}


def import_options(stores: Stores, org_id: str, *chosen: dict | None) -> Options:
    """An import's options: the organisation's dictionaries under the ones chosen (later ones win, per file
    value), the other options as chosen (a later non-empty one wins), and the organisation's country, date
    order and field errors as its settings say now. Unprocessable when one names no match rule or update mode."""
    errors = [error for options in chosen for error in choice_errors(options or {})]
    if errors:
        raise Unprocessable("; ".join(errors))
    settings = current(stores, org_id)
    merged: dict = {}
    values = {name: dict(table) for name, table in settings.dictionaries.items()}
    for options in chosen:
        for key, value in (options or {}).items():
            if key == "values":
                for name, table in value.items():
                    values.setdefault(name, {}).update(table)
            elif value not in (None, {}, []):
                merged[key] = value
    return Options.from_dict({**merged, "values": values, **settings.import_options()})
