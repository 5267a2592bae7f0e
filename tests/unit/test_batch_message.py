"""The batch message on the wire: what the validator sends parses, and dumps back to the same JSON."""

import json

from donor_import.domain.batch_message import BatchMessage, SourceRow, encode_rows
from donor_import.domain.import_types import ImportType
from local.template import ROOT


def test_a_message_queued_before_attempts_existed_is_of_attempt_1():
    body = json.loads((ROOT / "events" / "processor_batch.json").read_text())["Records"][0]["body"]
    message = BatchMessage.model_validate_json(body)
    assert (message.attempt, message.import_type, message.batch_no) == (1, ImportType.CONTACTS, 1)
    assert [row.number for row in message.source_rows()] == [2, 3]


def test_the_wire_format_is_unchanged():
    """The keys and values the validator's row stream sends, as it sends them, come back out the same."""
    sent = {"org_id": "org-a", "import_id": "01X", "import_type": "donations", "attempt": 2,
            "columns": [[0, "email"], [1, "amount"]], "context": {"default_region": "GB", "date_orders": {}},
            "batch_no": 7, "rows": encode_rows([[2, ["a@example.org", "5"]]])}
    assert BatchMessage.model_validate(sent).model_dump(mode="json") == sent


def test_a_field_a_later_version_adds_is_ignored():
    sent = {"org_id": "org-a", "import_id": "01X", "import_type": "contacts", "batch_no": 1, "columns": [],
            "context": {}, "rows": encode_rows([]), "priority": "high"}
    assert "priority" not in BatchMessage.model_validate(sent).model_dump()


def test_a_row_rejected_by_the_validator_keeps_its_problems():
    problems = [["Notes", "40,000 characters long, more than the 32,767 a cell holds"]]
    message = BatchMessage(org_id="org-a", import_id="01X", import_type="contacts", batch_no=1, columns=[],
                           context={}, rows=encode_rows([[2, ["x"]], [3, ["y" * 10], problems]]))
    assert message.source_rows() == [SourceRow(2, ["x"]), SourceRow(3, ["y" * 10], problems)]
