"""moto-backed fixtures: the resources of template.yaml created in memory, and the handlers driven with
real-shaped events, one hop at a time."""

import json
import os
from urllib.parse import quote_plus

import boto3
import pytest
from moto import mock_aws

from donor_import.config import settings
from donor_import.data import aws
from donor_import.data.stores import build
from local import atomic_dynamodb, resources, strict_dynamodb
from local.event_sources import sqs_record
from local.http_api import Route, claims_for, make_event
from local.lambdas import Environment, Pool, set_environment
from local.template import functions, load

ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
       "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true",
       "POWERTOOLS_LOG_LEVEL": "WARNING"}


class Stack:
    """The template's resources in moto, and one environment per function."""

    def __init__(self):
        template = load()
        self.refs = resources.create_all(template, {}, visibility_timeout=0)
        self.functions = {f.logical_id: f for f in functions(template)}
        set_environment(self.functions.values(), self.refs, {"POWERTOOLS_LOG_LEVEL": "WARNING"})
        self.api = Pool(self.functions["ApiFunction"])
        self.validator = Environment(self.functions["ValidatorFunction"])
        self.processor = Environment(self.functions["ProcessorFunction"])
        self.finalizer = Environment(self.functions["FinalizerFunction"])
        self.stores = build()  # the real stores, as a function's handler builds them
        self.sqs = boto3.client("sqs")
        self.s3 = boto3.client("s3")

    def ref(self, logical_id: str) -> str:
        return self.refs.values[logical_id]["Ref"]

    def call(self, method: str, path: str, body=None, token: str = "org-a-token", query: str = "") -> tuple[int, dict]:
        for function_route in self.functions["ApiFunction"].routes:
            route = Route(function_route, self.api)
            found = route.pattern.match(path)
            if found and function_route.method == method:
                break
        else:
            raise AssertionError(f"no route {method} {path}")
        data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
        headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
        claims = claims_for(token) if function_route.authorized else None
        event = make_event(method, path, query, headers, data, route, found.groupdict(), claims, "127.0.0.1")
        answer = self.api.invoke(event)
        return answer["statusCode"], json.loads(answer["body"])

    def upload(self, key: str, data: bytes) -> dict:
        bucket = self.ref("FilesBucket")
        version = self.s3.put_object(Bucket=bucket, Key=key, Body=data)["VersionId"]  # the bucket is versioned
        event = {"Records": [{
            "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventName": "ObjectCreated:Post",
            "s3": {"bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
                   "object": {"key": quote_plus(key, safe="/"), "size": len(data), "versionId": version,
                              "sequencer": "0055AED6DCD90281E5"}},
        }]}
        return self.validator.invoke(event)

    def drain(self, logical_id: str, environment: Environment, batch_size: int = 5) -> int:
        """Deliver every message of a queue to its function; returns how many were delivered."""
        url, delivered = self.ref(logical_id), 0
        arn = self.refs.values[logical_id]["Arn"]
        while messages := self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=batch_size,
                                                             MessageSystemAttributeNames=["All"]).get("Messages"):
            answer = environment.invoke({"Records": [sqs_record(m, arn) for m in messages]})
            failed = {f["itemIdentifier"] for f in answer.get("batchItemFailures", [])}
            assert not failed, f"{logical_id} failed messages {failed}"
            for message in messages:
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            delivered += len(messages)
        return delivered

    def run_import(self, import_type: str, file_name: str, data: bytes, mapping=None, token="org-a-token") -> dict:
        """POST /imports, upload, and every queue drained; returns the import as GET shows it."""
        body = {"import_type": import_type, "file_name": file_name}
        if mapping is not None:
            body["mapping"] = mapping
        status, created = self.call("POST", "/imports", body, token)
        assert status == 201, created
        self.upload(created["upload"]["fields"]["key"], data)
        self.settle()
        return self.call("GET", f"/imports/{created['import']['import_id']}", token=token)[1]

    def validate(self) -> None:
        """Deliver the validation queue: what the validator was asked to do after an upload."""
        self.drain("ValidationQueue", self.validator, 1)

    def finalize(self) -> int:
        """Deliver the finalize queue: the imports whose every batch is counted end."""
        return self.drain("FinalizeQueue", self.finalizer, 1)

    def settle(self) -> None:
        while (self.drain("ValidationQueue", self.validator, 1) + self.drain("BatchQueue", self.processor)
               + self.finalize()):
            pass


@pytest.fixture
def stack(monkeypatch):
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    saved = dict(os.environ)
    atomic_dynamodb.install()
    strict_dynamodb.install()
    with mock_aws():
        aws.reset()
        yield Stack()
    os.environ.clear()
    os.environ.update(saved)
    aws.reset()
    settings.cache_clear()
