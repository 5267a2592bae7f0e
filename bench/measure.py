"""Helpers shared by the measurement workers: memory, AWS call counting, the multipart upload stream.

Every function here that touches the project's code is small on purpose: when the validator or processor
changes shape, these are the places to adapt (see pipeline.py for the pipeline's own entry points).
"""

import io
import os
import resource
import threading
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import botocore.client


def peak_rss_mb() -> float:
    """The process's peak resident set so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vm_hwm_mb() -> float:
    """The kernel's high-water mark of this process image's RSS (not inherited across fork/exec, unlike ru_maxrss,
    which starts from the parent's RSS at fork: a big parent would hide a small child's peak)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class ApiCalls:
    """Counts every botocore API call (service, operation) made in this process, by phase.

    Patches BaseClient._make_api_call, which every client and resource goes through (moto's mock hooks in
    further down, on before-send, so calls are counted under mock_aws too). Retries inside botocore are not
    counted: one call is one request as the code asked for it. With `answer`, calls are answered by that
    function instead of being sent (a stub for runs without any AWS)."""

    def __init__(self, answer=None):
        self.counts: Counter = Counter()
        self.phase = "setup"
        self.answer = answer
        self.lock = threading.Lock()

    def install(self) -> "ApiCalls":
        original = botocore.client.BaseClient._make_api_call
        calls = self

        def counted(client, operation_name, api_params):
            service = client.meta.service_model.service_id
            with calls.lock:
                calls.counts[(calls.phase, service, operation_name)] += 1
            if calls.answer is not None:
                return calls.answer(service, operation_name, api_params)
            return original(client, operation_name, api_params)

        botocore.client.BaseClient._make_api_call = counted
        return self

    @contextmanager
    def during(self, phase: str):
        before, self.phase = self.phase, phase
        try:
            yield
        finally:
            self.phase = before

    def table(self, phase: str | None = None) -> dict[str, int]:
        """{"SQS SendMessageBatch": n, ...} for one phase (all phases when None)."""
        found: Counter = Counter()
        for (call_phase, service, operation), n in self.counts.items():
            if phase is None or call_phase == phase:
                found[f"{service} {operation}"] += n
        return dict(sorted(found.items()))


def stub_answer(service: str, operation: str, params: dict) -> dict:
    """What AWS would answer to the calls the validator's hot loop makes, without sending anything."""
    if operation == "SendMessageBatch":
        return {"Successful": [{"Id": e["Id"], "MessageId": uuid.uuid4().hex, "MD5OfMessageBody": ""}
                               for e in params["Entries"]], "Failed": []}
    if operation == "SendMessage":
        return {"MessageId": uuid.uuid4().hex}
    if operation == "PutObject":
        body = params.get("Body")
        if hasattr(body, "read"):
            while body.read(1024 * 1024):  # consume it as the wire would
                pass
        return {"ETag": '"stub"'}
    if operation in ("UpdateItem", "PutItem"):
        return {}
    raise RuntimeError(f"the validator bench does not stub {service} {operation}: adapt bench/measure.py")


class MultipartUpload:
    """A presigned POST's form body (fields, then the file) read from disk as it is sent: requests streams any
    object with read() and a length, so a 150 MB upload never sits in memory whole. (Not an io.RawIOBase: its
    tell() raises, and requests then takes the length for 0 and sends chunked, which S3 refuses with 411.)"""

    def __init__(self, fields: dict, path: Path, file_name: str, content_type: str = "text/csv"):
        self.boundary = uuid.uuid4().hex
        head = b"".join(
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        )
        head += (f'--{self.boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n").encode()
        tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.length = len(head) + path.stat().st_size + len(tail)
        self.parts = [io.BytesIO(head), open(path, "rb"), io.BytesIO(tail)]  # noqa: SIM115 - read() closes each part it finishes

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return self.length

    def read(self, size: int = -1) -> bytes:
        chunks = []
        while self.parts and (size < 0 or size > 0):
            chunk = self.parts[0].read(size if size > 0 else -1)
            if not chunk:
                self.parts.pop(0).close()
                continue
            chunks.append(chunk)
            if size > 0:
                size -= len(chunk)
        return b"".join(chunks)

    def __iter__(self):
        while chunk := self.read(1024 * 1024):
            yield chunk
