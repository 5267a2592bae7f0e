"""Which AWS operations each function calls, recorded while tests run, so a test can hold the template's
IAM policies to them.

`invocation(name)` (entered by local.lambdas around every handler call) names the function being invoked
in a contextvar; a `Recorder`, once installed, hooks every botocore session made after it and notes each
operation a client starts under such a name, with the parameters that name its resources. Calls made by
the tests or the local stack's own machinery (no function being invoked) are not the functions' and are
not recorded.
"""

import contextvars
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from botocore import handlers

_invoking: contextvars.ContextVar[str | None] = contextvars.ContextVar("invoking_function", default=None)

# The parameters that name what an operation touches, by service; all others (items, bodies) are left out.
_RESOURCE_PARAMS = {"s3": ("Bucket", "Key", "Prefix"), "dynamodb": ("TableName", "IndexName"), "sqs": ("QueueUrl",)}


@contextmanager
def invocation(function: str) -> Iterator[None]:
    token = _invoking.set(function)
    try:
        yield
    finally:
        _invoking.reset(token)


@dataclass(frozen=True)
class Call:
    function: str
    service: str  # botocore's service name: s3, dynamodb, sqs…
    operation: str  # the API's: GetObject, TransactWriteItems, or PresignedPost for a presigned POST
    params: str  # JSON of the resource-naming parameters, sorted (frozen, so calls dedupe in a set)

    def resources(self) -> dict:
        return json.loads(self.params)


def _resource_params(service: str, params: dict) -> dict:
    found = {name: params[name] for name in _RESOURCE_PARAMS.get(service, ()) if name in params}
    if "VersionId" in params:  # a version read needs its own action; which version does not matter
        found["VersionId"] = True
    if "RequestItems" in params:  # BatchGetItem, BatchWriteItem
        found["Tables"] = sorted(params["RequestItems"])
    if "TransactItems" in params:  # TransactWriteItems: what each item does, on which table
        found["Items"] = sorted({(kind, spec["TableName"]) for item in params["TransactItems"]
                                 for kind, spec in item.items()})
    return found


class Recorder:
    """Notes every operation a function makes, from install() to write()."""

    def __init__(self):
        self.calls: set[Call] = set()
        self._lock = threading.Lock()
        self._submit = None

    def install(self) -> "Recorder":
        handlers.BUILTIN_HANDLERS.append(("provide-client-params", self._on_params))
        handlers.BUILTIN_HANDLERS.append(("before-sign.s3", self._on_sign))
        self._propagate_into_executor_threads()
        return self

    def uninstall(self) -> None:
        handlers.BUILTIN_HANDLERS.remove(("provide-client-params", self._on_params))
        handlers.BUILTIN_HANDLERS.remove(("before-sign.s3", self._on_sign))
        ThreadPoolExecutor.submit = self._submit

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = sorted(self.calls, key=lambda c: (c.function, c.service, c.operation, c.params))
        path.write_text("".join(json.dumps(asdict(call)) + "\n" for call in rows))

    def _note(self, service: str, operation: str, params: dict) -> None:
        function = _invoking.get()
        if function is not None:
            with self._lock:
                self.calls.add(Call(function, service, operation, json.dumps(params, sort_keys=True)))

    def _on_params(self, params, model, context, **_):
        if context.get("is_presign_request") and model.name == "CreateBucket":
            return  # the stand-in operation of a presigned POST: _on_sign sees its bucket and key
        service = model.service_model.service_name
        self._note(service, model.name, _resource_params(service, params))

    def _on_sign(self, request, **_):
        fields = request.context.get("s3-presign-post-fields")
        if fields is None:
            return
        conditions = request.context["s3-presign-post-policy"]["conditions"]
        bucket = next(c["bucket"] for c in conditions if isinstance(c, dict) and "bucket" in c)
        self._note("s3", "PresignedPost", {"Bucket": bucket, "Key": fields["key"]})

    def _propagate_into_executor_threads(self) -> None:
        """s3transfer (upload_file, download_fileobj) calls S3 from executor threads, which do not inherit
        contextvars: run what is submitted in the submitter's context, so those calls keep their function."""
        self._submit = submit = ThreadPoolExecutor.submit

        def submit_in_context(executor, fn, /, *args, **kwargs):
            return submit(executor, contextvars.copy_context().run, fn, *args, **kwargs)

        ThreadPoolExecutor.submit = submit_in_context


def read(path: Path) -> list[Call]:
    return [Call(**json.loads(line)) for line in path.read_text().splitlines() if line]
