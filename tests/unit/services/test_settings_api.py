"""The organisation's settings against in-memory stores: its campaigns and funds saved, refused when a name is
given twice, and copied into an import's options (what it reads its rows with) as they are at that moment."""

import pytest

from donor_import.services import settings_api
from donor_import.services.errors import Unprocessable

from .helpers import ORG


def test_saved_lists_are_shown_and_given_to_an_import_over_what_it_was_sent(stores):
    shown = settings_api.save(stores, ORG, {"campaigns": [" Annual Gala "], "funds": ["General"]})
    assert (shown["campaigns"], shown["funds"]) == (["Annual Gala"], ["General"])
    options = settings_api.import_options(stores, ORG, {"lists": {"campaign": ["Sent by the user"]}})
    assert options.lists == {"campaign": ["Annual Gala"], "fund": ["General"]}
    settings_api.save(stores, ORG, {})
    assert settings_api.import_options(stores, ORG).lists == {}


def test_a_name_twice_is_refused_and_nothing_is_saved(stores):
    with pytest.raises(Unprocessable, match="campaigns listed twice: 'Gala', 'gala'"):
        settings_api.save(stores, ORG, {"campaigns": ["Gala", "gala"]})
    assert settings_api.show(stores, ORG)["campaigns"] == []
