"""A validator that fails on every attempt at an upload's S3 event: after Lambda's retries the event goes to
the validator's OnFailure destination, and the dead-letter function ends the import Failed with a reason
(before, the import waited at awaiting_upload until the watchdog ended it as "no file was uploaded")."""

from contextlib import contextmanager

import pytest

from donor_import.services.ending.given_up import REASON
from local.client import Client
from local.event_sources import S3Poller
from local.template import ROOT

pytestmark = pytest.mark.e2e


class ValidatorDown(RuntimeError):
    pass


@contextmanager
def validator_failing_on(stack, import_id: str):
    """Every S3 event for this import's upload makes the validator raise (other imports are untouched)."""
    poller = next(p for p in stack.pollers
                  if isinstance(p, S3Poller) and p.environment.function.logical_id == "ValidatorFunction")
    environment = poller.environment
    handler, attempts = environment.handler, []

    def failing(event, context):
        if any(import_id in r["s3"]["object"]["key"] for r in event.get("Records", [])):
            attempts.append(context.aws_request_id)
            raise ValidatorDown("the validator is down")
        return handler(event, context)

    environment.handler = failing
    try:
        yield attempts
    finally:
        environment.handler = handler


def test_an_upload_the_validator_fails_on_every_attempt_ends_failed_with_a_reason(stack):
    client = Client(stack.url)
    sample = ROOT / "samples" / "contacts.csv"
    created = client.create_import("contacts", "my contacts.csv")  # a space: '+' in the event's key
    import_id = created["import"]["import_id"]
    with validator_failing_on(stack, import_id) as attempts:
        client.upload(created["upload"], sample, "my contacts.csv")
        done = client.wait_done(import_id, timeout=60)
    retries = next(f for f in stack.functions if f.logical_id == "ValidatorFunction").async_retries
    assert len(attempts) == retries + 1 == 3
    assert (done["status"], done["stage"], done["failure_reason"]) == ("Failed", "done", REASON)
    assert done["can_retry"] is True
    # and a retry, with the validator back, reads the file as if nothing had happened
    client.json("POST", f"/imports/{import_id}/retry")
    shown = client.wait(import_id, lambda i: i["stage"] == "mapping")
    assert shown["preview"]["headers"][:2] == ["First Name", "Last Name"]
