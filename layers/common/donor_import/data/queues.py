"""Sending messages to the batch, validation and finalize queues: SendMessageBatch, within SQS's size limits."""

import json
import uuid

from ..config import settings
from . import aws

MAX_MESSAGES = 10
MAX_REQUEST_BYTES = 250 * 1024  # SQS allows 256 KiB for a whole SendMessageBatch call


def send_all(queue_url: str, bodies: list[dict], delay_seconds: int = 0) -> None:
    """Send the bodies in as few calls as fit (each delivered after delay_seconds); raise if SQS refuses any."""
    entries, size = [], 0
    for body in bodies:
        text = json.dumps(body, separators=(",", ":"))
        if entries and (len(entries) == MAX_MESSAGES or size + len(text) > MAX_REQUEST_BYTES):
            _send(queue_url, entries)
            entries, size = [], 0
        entries.append({"Id": uuid.uuid4().hex, "MessageBody": text, **({"DelaySeconds": delay_seconds}
                                                                        if delay_seconds else {})})
        size += len(text)
    if entries:
        _send(queue_url, entries)


def _send(queue_url: str, entries: list[dict]) -> None:
    answer = aws.client("sqs").send_message_batch(QueueUrl=queue_url, Entries=entries)
    if answer.get("Failed"):
        retry = {f["Id"] for f in answer["Failed"]}
        again = aws.client("sqs").send_message_batch(
            QueueUrl=queue_url, Entries=[e for e in entries if e["Id"] in retry]
        )
        if again.get("Failed"):
            raise RuntimeError(f"SQS refused {len(again['Failed'])} messages: {again['Failed'][0]}")


def send_batches(bodies: list[dict]) -> None:
    send_all(settings().batch_queue_url, bodies)


def request_validation(org_id: str, import_id: str, retries: int = 0, delay_seconds: int = 0) -> None:
    """retries: how many times a transient AWS error stopped this validation before."""
    body = {"org_id": org_id, "import_id": import_id, **({"retries": retries} if retries else {})}
    send_all(settings().validation_queue_url, [body], delay_seconds)


def request_finalization(org_id: str, import_id: str, attempt: int) -> None:
    send_all(settings().finalize_queue_url, [{"org_id": org_id, "import_id": import_id, "attempt": attempt}])
