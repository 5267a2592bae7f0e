"""A saved mapping's value dictionaries as the organisation's lists are now: a campaign (or fund) list emptied
since the mapping was saved leaves that field free text, and the saved values for it are not applied (the
preview says so); a value a request sends for a field with no list is still refused."""

import pytest

from donor_import.services import import_api, intake, settings_api
from donor_import.services.errors import Unprocessable

from .helpers import ORG, an_import

GIFTS = b"Email,Amount,Date,Appeal,Method\nada@example.org,25,2025-03-02,Gala 25,Chequ\n"
MAPPING = {"Email": "email", "Amount": "amount", "Date": "date", "Appeal": "campaign", "Method": "payment_method"}
SAVED_VALUES = {"campaign": {"Gala 25": "Annual Gala"}, "payment_method": {"Chequ": "check"}}


def _uploaded(stores, import_id: str):
    record = an_import(stores, import_id, import_type="donations", file_name="gifts.csv")
    stores.files.objects[record.file_key] = GIFTS
    intake.on_upload(stores, record.file_key, "v1")
    return stores.imports.get(ORG, import_id)


def _saved_while_campaigns_were_kept(stores) -> None:
    settings_api.save(stores, ORG, {"campaigns": ["Annual Gala"]})
    first = _uploaded(stores, "01JTESTXMPRT00000000000001")
    import_api.confirm_mapping(stores, ORG, first.import_id, MAPPING, {"values": SAVED_VALUES}, save=True)


def test_a_saved_mapping_is_applied_without_the_values_of_a_list_emptied_since(stores):
    _saved_while_campaigns_were_kept(stores)
    settings_api.save(stores, ORG, {})
    second = _uploaded(stores, "01JTESTXMPRT00000000000002")
    assert second.preview["saved_mapping_used"] and second.preview["suggested_mapping"] == MAPPING
    assert second.preview["saved_mapping_message"] == (
        "Not applied from the saved mapping: what its campaign values mean (your organisation keeps no list of "
        "campaigns now: any text is kept as written)")
    assert second.options["values"] == {"payment_method": {"Chequ": "check"}}
    shown = import_api.confirm_mapping(stores, ORG, second.import_id, MAPPING, None, save=False)
    assert shown["stage"] == "validating"


def test_a_saved_mapping_whose_lists_still_hold_its_values_is_applied_whole(stores):
    _saved_while_campaigns_were_kept(stores)
    second = _uploaded(stores, "01JTESTXMPRT00000000000002")
    assert second.preview["saved_mapping_message"] is None
    assert second.options["values"] == SAVED_VALUES


def test_values_a_request_sends_for_a_field_without_a_list_are_refused(stores):
    record = _uploaded(stores, "01JTESTXMPRT00000000000001")
    with pytest.raises(Unprocessable, match="'campaign' has no fixed list of values"):
        import_api.confirm_mapping(stores, ORG, record.import_id, MAPPING, {"values": SAVED_VALUES}, save=False)
