"""An SQS event source runs as Lambda's does: up to its concurrency of invocations at once, each with up to
BatchSize messages, every message delivered and deleted once."""

import json
import threading
import time
from collections import Counter

import boto3
import pytest
from moto import mock_aws

from local.event_sources import SqsPoller
from local.lambdas import Pool
from local.template import Function

CONCURRENCY, BATCH_SIZE, MESSAGES = 4, 5, 40
HOLD_SECONDS = 10  # how long an invocation waits for the others; only reached when they do not come


class Meter:
    """Stands in for a function's Pool: each invocation holds until CONCURRENCY of them run at once (or
    HOLD_SECONDS pass), so a source that invoked one batch at a time would show a peak of 1."""

    function = Function("Probe", "", "handler.lambda_handler", 30, {})

    def __init__(self):
        self.lock, self.all_in = threading.Lock(), threading.Event()
        self.running = self.peak = 0
        self.batches: list[int] = []
        self.bodies = Counter()

    def invoke(self, event: dict) -> dict:
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
            self.batches.append(len(event["Records"]))
            self.bodies.update(r["body"] for r in event["Records"])
            if self.running == CONCURRENCY:
                self.all_in.set()
        self.all_in.wait(HOLD_SECONDS)
        with self.lock:
            self.running -= 1
        return {"batchItemFailures": []}


@pytest.fixture
def queue(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        sqs = boto3.client("sqs")
        url = sqs.create_queue(QueueName="batches", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
        yield sqs, url


def drained(sqs, url: str) -> bool:
    counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    return counts["ApproximateNumberOfMessages"] == counts["ApproximateNumberOfMessagesNotVisible"] == "0"


def test_batches_run_concurrently_up_to_the_source_concurrency_each_message_once(queue):
    sqs, url = queue
    for start in range(0, MESSAGES, 10):
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "MessageBody": json.dumps(n)}
                                                      for n in range(start, start + 10)])
    meter, stop = Meter(), threading.Event()
    poller = SqsPoller(meter, url, "arn:aws:sqs:us-east-1:123456789012:batches", BATCH_SIZE, True, stop,
                       concurrency=CONCURRENCY, batching_window=1)
    poller.start()
    deadline = time.monotonic() + 60
    while not drained(sqs, url) and time.monotonic() < deadline:
        time.sleep(0.2)
    stop.set()
    poller.join(HOLD_SECONDS + 5)

    assert meter.peak == CONCURRENCY
    assert max(meter.batches) <= BATCH_SIZE
    assert meter.bodies == Counter(json.dumps(n) for n in range(MESSAGES))
    assert drained(sqs, url)


def test_a_pool_gives_each_concurrent_invocation_an_environment_of_its_own():
    both_in, release = threading.Barrier(3), threading.Event()
    used = []

    class Probe:
        def __init__(self, function):
            self.function = function

        def invoke(self, _event):
            used.append(self)
            if not release.is_set():
                both_in.wait(HOLD_SECONDS)
                release.wait(HOLD_SECONDS)

    pool = Pool(Meter.function, start=Probe)
    threads = [threading.Thread(target=pool.invoke, args=({},)) for _ in range(2)]
    for thread in threads:
        thread.start()
    both_in.wait(HOLD_SECONDS)
    assert pool.running == pool.peak == 2
    release.set()
    for thread in threads:
        thread.join()
    pool.invoke({})  # a warm environment, one of the two

    assert len(set(map(id, used))) == 2
    assert (pool.running, pool.peak) == (0, 2)
