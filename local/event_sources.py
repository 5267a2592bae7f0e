"""Delivering SQS messages and S3 notifications to handlers as Lambda's event sources do: batches, partial
batch failures honoured, failed messages left for the queue to redeliver (and redrive to its DLQ)."""

import hashlib
import json
import logging
import math
import threading
import time
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from urllib.parse import unquote_plus

import boto3

from .lambdas import Environment, Pool
from .resources import ACCOUNT, REGION

log = logging.getLogger("local.events")


def sqs_record(message: dict, queue_arn: str) -> dict:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": message.get("MessageAttributes", {}),
        "md5OfBody": hashlib.md5(message["Body"].encode()).hexdigest(),  # noqa: S324 - SQS's own checksum
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": REGION,
    }


class SqsPoller(threading.Thread):
    """An SQS event source mapping: while fewer than `concurrency` invocations run, receive a batch (up to
    batch_size messages, waiting up to batching_window seconds to fill it) and hand it to an invocation of its
    own; delete what succeeded. One thread receives, so an idle source costs one long poll a second."""

    def __init__(self, environment: Environment | Pool, queue_url: str, queue_arn: str, batch_size: int,
                 report_failures: bool, stop: threading.Event, deliveries: int = 1, retry_seconds: int = 2,
                 concurrency: int = 1, batching_window: float = 0):
        """environment: what runs the function (a Pool, for concurrent invocations each in an environment of
        its own); deliveries > 1 hands every batch to the function that many times (fault injection: SQS and
        S3 deliver at least once); a failed message is made visible again after retry_seconds, sooner than the
        queue's visibility timeout, so local retries come quickly."""
        super().__init__(daemon=True, name=f"sqs-{environment.function.logical_id}")
        self.environment, self.queue_url, self.queue_arn = environment, queue_url, queue_arn
        self.batch_size, self.report_failures, self.stop = batch_size, report_failures, stop
        self.deliveries, self.retry_seconds = deliveries, retry_seconds
        self.concurrency, self.batching_window = concurrency, batching_window
        self.slots = threading.BoundedSemaphore(concurrency)
        self.sqs = boto3.client("sqs")

    def run(self) -> None:
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix=self.name) as invocations:
            while not self.stop.is_set():
                if not self.slots.acquire(timeout=0.5):
                    continue
                records = self._receive_or_none()
                if records:
                    invocations.submit(self._deliver, records)
                else:
                    self.slots.release()

    def _receive_or_none(self) -> list[dict] | None:
        try:
            return self.receive_batch()
        except Exception:  # the emulator going away at shutdown, mostly
            if not self.stop.is_set():
                log.exception("poller %s failed; going on", self.name)
                time.sleep(0.5)
            return None

    def receive_batch(self) -> list[dict]:
        """Up to batch_size messages: what one long poll finds, topped up until the batch is full or the
        batching window since the first message has passed."""
        messages = self._receive(self.batch_size, wait_seconds=1)
        window_ends = time.monotonic() + self.batching_window
        while messages and len(messages) < self.batch_size and (left := window_ends - time.monotonic()) > 0:
            more = self._receive(self.batch_size - len(messages), wait_seconds=math.ceil(left))
            if not more:
                break
            messages += more
        return [sqs_record(m, self.queue_arn) for m in messages]

    def _receive(self, count: int, wait_seconds: int) -> list[dict]:
        return self.sqs.receive_message(
            QueueUrl=self.queue_url, MaxNumberOfMessages=min(10, count), WaitTimeSeconds=wait_seconds,
            MessageSystemAttributeNames=["All"], MessageAttributeNames=["All"],
        ).get("Messages", [])

    def _deliver(self, records: list[dict]) -> None:
        try:
            self.handle(records)
        except Exception:
            if not self.stop.is_set():
                log.exception("poller %s could not settle a batch; SQS will redeliver it", self.name)
        finally:
            self.slots.release()

    def handle(self, records: list[dict]) -> None:
        """One batch through the function; the last of its deliveries decides what is deleted."""
        for _ in range(self.deliveries):
            failed = self._invoke(records)
        done = [{"Id": str(i), "ReceiptHandle": r["receiptHandle"]}
                for i, r in enumerate(records) if r["messageId"] not in failed]
        if done:
            self.sqs.delete_message_batch(QueueUrl=self.queue_url, Entries=done)
        retry = [{"Id": str(i), "ReceiptHandle": r["receiptHandle"], "VisibilityTimeout": self.retry_seconds}
                 for i, r in enumerate(records) if r["messageId"] in failed]
        if retry:
            self.sqs.change_message_visibility_batch(QueueUrl=self.queue_url, Entries=retry)

    def _invoke(self, records: list[dict]) -> set[str]:
        """Message ids that failed: all of them when the invocation raised."""
        try:
            answer = self.environment.invoke({"Records": records})
        except Exception:
            log.exception("%s raised; the whole batch returns to the queue", self.environment.function.logical_id)
            return {r["messageId"] for r in records}
        if self.report_failures and isinstance(answer, dict):
            return {f["itemIdentifier"] for f in answer.get("batchItemFailures", [])}
        return set()


def s3_notification_queue(bucket: str, function_name: str, events: list[str], prefix: str) -> tuple[str, str]:
    """S3 notifies an internal queue (moto can); a poller hands each notification to the function."""
    sqs = boto3.client("sqs")
    name = f"local-s3-events-{function_name}"
    url = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    config = {"QueueArn": arn, "Events": events}
    if prefix:
        config["Filter"] = {"Key": {"FilterRules": [{"Name": "prefix", "Value": prefix}]}}
    boto3.client("s3").put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [config]})
    return url, arn


class S3Poller(SqsPoller):
    """Hands each S3 notification to the function as an asynchronous Lambda invocation would: retried as its
    EventInvokeConfig says, then, when every attempt failed, sent to its OnFailure queue as AWS sends it."""

    def __init__(self, *args, failure_queue_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.failure_queue_url = failure_queue_url

    def _invoke_async(self, event: dict) -> None:
        attempts = self.environment.function.async_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                self.environment.invoke(event)
                return
            except Exception as error:
                log.exception("S3 event attempt %d of %d failed", attempt, attempts)
                failure = error
        if self.failure_queue_url:
            record = on_failure_record(self.environment.function.logical_id, event, failure, attempts)
            self.sqs.send_message(QueueUrl=self.failure_queue_url, MessageBody=json.dumps(record))

    def _invoke(self, records: list[dict]) -> set[str]:
        for record in records:
            event = json.loads(record["body"])
            if "Records" not in event:  # s3:TestEvent when the notification is set up
                continue
            add_version_ids(event)
            self._invoke_async(event)  # handle() hands each record over `deliveries` times
        return set()


def add_version_ids(event: dict) -> None:
    """S3 names the object's version in an event from a versioned bucket; moto does not: find the version by
    the ETag the event names (the newest of that content, which is the same file)."""
    s3 = boto3.client("s3")
    for record in event["Records"]:
        bucket, found = record["s3"]["bucket"]["name"], record["s3"]["object"]
        key = unquote_plus(found["key"])
        versions = s3.list_object_versions(Bucket=bucket, Prefix=key).get("Versions", [])
        same = [v["VersionId"] for v in versions if v["Key"] == key and v["ETag"].strip('"') == found.get("eTag")]
        if same and same[0] != "null":
            found.setdefault("versionId", same[0])


def on_failure_record(function_name: str, event: dict, error: Exception, attempts: int) -> dict:
    """What Lambda sends an OnFailure destination when an asynchronous invocation spent its retries."""
    request_id = str(uuid.uuid4())
    return {
        "version": "1.0",
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "requestContext": {
            "requestId": request_id,
            "functionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function_name}:$LATEST",
            "condition": "RetriesExhausted", "approximateInvokeCount": attempts,
        },
        "requestPayload": event,
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "responsePayload": {"errorMessage": str(error), "errorType": type(error).__name__, "requestId": request_id,
                            "stackTrace": traceback.format_tb(error.__traceback__)},
    }


class Scheduler(threading.Thread):
    """Invokes a function on its schedule with an EventBridge scheduled event."""

    def __init__(self, environment: Environment, every_seconds: float, stop: threading.Event):
        super().__init__(daemon=True, name=f"schedule-{environment.function.logical_id}")
        self.environment, self.every_seconds, self.stop = environment, every_seconds, stop

    def run(self) -> None:
        while not self.stop.wait(self.every_seconds):
            event = {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event",
                     "source": "aws.events", "account": ACCOUNT, "region": REGION,
                     "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "resources": [], "detail": {}}
            try:
                self.environment.invoke(event)
            except Exception:
                log.exception("scheduled %s failed", self.environment.function.logical_id)
