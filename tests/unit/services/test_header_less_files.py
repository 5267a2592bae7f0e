"""A file whose first row is a record, from its upload to its batches: the preview says so and suggests from the
values, the user may switch the reading either way, and the validation run reads the file as the preview did,
the first record included under its own row number."""

import pytest

from donor_import.domain.batch_message import decode_rows
from donor_import.services import import_api, intake, validation_run
from donor_import.services.errors import Unprocessable

from .helpers import ORG, an_import

GIFTS = b"ada@example.org,Ada,$25.00,2024-03-01\ngrace@example.org,Grace,$10.50,2024-03-02\n"


def _waiting(stores, data: bytes = GIFTS):
    record = an_import(stores, import_type="donations", file_name="gifts.csv")
    stores.files.objects[record.file_key] = data
    intake.on_upload(stores, record.file_key, "v1")
    return stores.imports.get(ORG, record.import_id)


def test_the_preview_says_the_first_row_is_a_record_and_suggests_from_the_values(stores):
    waiting = _waiting(stores)
    shown = import_api.show(stores, ORG, waiting.import_id)["preview"]
    assert (shown["header_row"], shown["header_row_detected"]) == (False, False)
    assert "Row 1 looks like a record" in shown["header_row_message"]
    assert shown["headers"] == ["Column 1", "Column 2", "Column 3", "Column 4"]
    assert shown["suggested_mapping"] == {"Column 1": "email", "Column 2": None, "Column 3": "amount",
                                          "Column 4": "date"}
    assert [row["Column 1"] for row in shown["sample_rows"]] == ["ada@example.org", "grace@example.org"]
    assert "first_row" not in shown


def test_confirmed_as_it_was_read_every_row_goes_on_with_its_own_number(stores):
    waiting = _waiting(stores)
    import_api.confirm_mapping(stores, ORG, waiting.import_id, waiting.preview["suggested_mapping"], None, False)
    validation_run.validate(stores, ORG, waiting.import_id)
    done = stores.imports.get(ORG, waiting.import_id)
    assert (done.stage, done.rows_total) == ("processing", 2)
    assert [n for b in stores.queues.batches for n, _ in decode_rows(b["rows"])] == [1, 2]


def test_switched_to_a_header_the_first_row_names_the_columns_and_the_run_reads_it_so(stores):
    waiting = _waiting(stores)
    shown = import_api.switch_header_row(stores, ORG, waiting.import_id, True)
    assert shown["headers"] == ["ada@example.org", "Ada", "$25.00", "2024-03-01"]
    assert [list(r.values())[0] for r in shown["sample_rows"]] == ["grace@example.org"]
    assert shown["header_row"] is True and "as asked" in shown["header_row_message"]
    mapping = {"ada@example.org": "email", "$25.00": "amount", "2024-03-01": "date"}
    import_api.confirm_mapping(stores, ORG, waiting.import_id, mapping, None, False)
    validation_run.validate(stores, ORG, waiting.import_id)
    assert stores.imports.get(ORG, waiting.import_id).rows_total == 1
    assert [n for b in stores.queues.batches for n, _ in decode_rows(b["rows"])] == [2]


def test_switching_back_and_forth_gives_the_preview_as_first_read(stores):
    waiting = _waiting(stores)
    first = import_api.show(stores, ORG, waiting.import_id)["preview"]
    import_api.switch_header_row(stores, ORG, waiting.import_id, True)
    again = import_api.switch_header_row(stores, ORG, waiting.import_id, False)
    assert (again["headers"], again["sample_rows"], again["suggested_mapping"]) == (
        first["headers"], first["sample_rows"], first["suggested_mapping"])


def test_a_header_file_read_as_header_less_keeps_its_first_row_as_data(stores):
    waiting = _waiting(stores, b"Email,Amount,Date\n" + GIFTS.replace(b",Ada", b"").replace(b",Grace", b""))
    assert waiting.preview["header_row"] is True and waiting.preview["header_row_message"] is None
    shown = import_api.switch_header_row(stores, ORG, waiting.import_id, False)
    assert shown["headers"] == ["Column 1", "Column 2", "Column 3"]
    assert list(shown["sample_rows"][0].values()) == ["Email", "Amount", "Date"]


def test_a_mapping_confirmed_with_another_reading_must_name_the_columns_of_that_reading(stores):
    waiting = _waiting(stores)
    with pytest.raises(Unprocessable, match="no column"):
        import_api.confirm_mapping(stores, ORG, waiting.import_id, {"Column 1": "email"}, {"has_header_row": True},
                                   False)
    import_api.confirm_mapping(stores, ORG, waiting.import_id, {"ada@example.org": "email", "$25.00": "amount",
                                                                "2024-03-01": "date"}, {"has_header_row": True}, False)
    assert stores.imports.get(ORG, waiting.import_id).options["has_header_row"] is True
