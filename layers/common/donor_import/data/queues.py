"""Sending messages to the batch, validation and finalize queues: SendMessageBatch, within SQS's size limits."""

import json
import uuid

from ..config import Settings
from . import aws

MAX_MESSAGES = 10
MAX_REQUEST_BYTES = 250 * 1024  # SQS allows 256 KiB for a whole SendMessageBatch call


class Queues:
    """The three queues the services send to, through clients made per thread (`clients`: data.aws, or a
    stand-in)."""

    def __init__(self, cfg: Settings, clients=aws):
        self.batch_url, self.validation_url = cfg.batch_queue_url, cfg.validation_queue_url
        self.finalize_url, self.clients = cfg.finalize_queue_url, clients

    def _send_all(self, queue_url: str, bodies: list[dict], delay_seconds: int = 0) -> None:
        """Send the bodies in as few calls as fit (each delivered after delay_seconds); raise if SQS refuses any."""
        entries, size = [], 0
        for body in bodies:
            text = json.dumps(body, separators=(",", ":"))
            if entries and (len(entries) == MAX_MESSAGES or size + len(text) > MAX_REQUEST_BYTES):
                self._send(queue_url, entries)
                entries, size = [], 0
            entries.append({"Id": uuid.uuid4().hex, "MessageBody": text, **({"DelaySeconds": delay_seconds}
                                                                            if delay_seconds else {})})
            size += len(text)
        if entries:
            self._send(queue_url, entries)

    def _send(self, queue_url: str, entries: list[dict]) -> None:
        sqs = self.clients.client("sqs")
        answer = sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
        if answer.get("Failed"):
            retry = {f["Id"] for f in answer["Failed"]}
            again = sqs.send_message_batch(QueueUrl=queue_url, Entries=[e for e in entries if e["Id"] in retry])
            if again.get("Failed"):
                raise RuntimeError(f"SQS refused {len(again['Failed'])} messages: {again['Failed'][0]}")

    def send_batches(self, bodies: list[dict]) -> None:
        self._send_all(self.batch_url, bodies)

    def request_validation(self, org_id: str, import_id: str, retries: int = 0, delay_seconds: int = 0) -> None:
        """retries: how many times a transient AWS error stopped this validation before."""
        body = {"org_id": org_id, "import_id": import_id, **({"retries": retries} if retries else {})}
        self._send_all(self.validation_url, [body], delay_seconds)

    def request_finalization(self, org_id: str, import_id: str, attempt: int) -> None:
        self._send_all(self.finalize_url, [{"org_id": org_id, "import_id": import_id, "attempt": attempt}])
