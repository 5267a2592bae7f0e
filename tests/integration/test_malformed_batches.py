"""A batch message whose body does not parse fails that record alone: it is reported as a batch item failure (SQS
redelivers it, then sets it aside) and the other records of the invocation are processed."""

import json

import pytest

from donor_import.data import imports_repo
from local.lambdas import Environment
from local.template import ROOT

IMPORT_ID = "01KSAMPEEVENT0000000000000"  # the import of the sample events
MALFORMED = {
    "not JSON": "{'org_id': 'org-a'",
    "no import": json.dumps({"org_id": "org-a", "import_type": "contacts", "batch_no": 2, "rows": "",
                             "columns": [], "context": {}}),
    "an unknown import type": json.dumps({"org_id": "org-a", "import_id": IMPORT_ID, "import_type": "gifts",
                                          "batch_no": 2, "rows": "", "columns": [], "context": {}}),
}


def _records(name: str, malformed_body: str) -> tuple[list[dict], str]:
    """The sample event's record, after a copy of it with the malformed body; and that copy's message id."""
    (good,) = json.loads((ROOT / "events" / name).read_text())["Records"]
    bad = {**good, "messageId": "malformed-1", "body": malformed_body}
    return [bad, good], bad["messageId"]


def _import(batches_total: int) -> None:
    imports_repo.create({
        "org_id": "org-a", "import_id": IMPORT_ID, "created_at": imports_repo.now(), "import_type": "contacts",
        "file_name": "my contacts.csv", "file_key": f"uploads/org-a/{IMPORT_ID}/my contacts.csv",
        "status": "In Progress", "stage": "processing", "mapping": None, "options": {}, "rows_total": 2,
        "rows_processed": 0, "rows_failed": 0, "batches_total": batches_total, "batches_done": 0,
        "contacts_created": 0, "contacts_updated": 0, "headers": ["First", "Last", "Email"],
    })


@pytest.mark.parametrize("kind", MALFORMED)
def test_a_malformed_batch_fails_alone_and_the_others_are_processed(stack, kind):
    _import(batches_total=2)
    records, bad_id = _records("processor_batch.json", MALFORMED[kind])
    answer = stack.processor.invoke({"Records": records})
    assert answer == {"batchItemFailures": [{"itemIdentifier": bad_id}]}
    record = imports_repo.get("org-a", IMPORT_ID)
    assert (record["batches_done"], record["rows_processed"]) == (1, 2)


def test_a_malformed_batch_on_the_dead_letter_queue_fails_alone(stack):
    _import(batches_total=2)
    records, bad_id = _records("dead_letter_batch.json", MALFORMED["no import"])
    answer = Environment(stack.functions["DeadLetterFunction"]).invoke({"Records": records})
    assert answer == {"batchItemFailures": [{"itemIdentifier": bad_id}]}
    record = imports_repo.get("org-a", IMPORT_ID)
    assert (record["batches_done"], record["rows_failed"]) == (1, 2)
