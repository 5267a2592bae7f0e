"""Transient AWS errors in the validator (throttling, 5xx, a dropped connection) outlasting botocore's own
retries are retried by a later validation request, not turned into a Failed import; only errors that persist
past the retries fail it."""

from botocore.exceptions import ClientError, EndpointConnectionError

from donor_import.config import settings
from local.event_sources import sqs_record
from local.wrapping import overriding

ROWS = 250


def _throttled() -> ClientError:
    """What botocore raises once its own attempts at a throttled call are spent."""
    return ClientError({"Error": {"Code": "SlowDown", "Message": "Please reduce your request rate."},
                        "ResponseMetadata": {"HTTPStatusCode": 503}}, "GetObject")


def _failing_download(stack, monkeypatch, errors: list[Exception]) -> list[Exception]:
    """The validator's download of the file raises each error in turn, then works."""
    stores = stack.validator.module.STORES
    real = stores.files.download

    def download(*args, **kwargs):
        if errors:
            raise errors.pop(0)
        return real(*args, **kwargs)

    monkeypatch.setattr(stack.validator.module, "STORES", overriding(stores, files={"download": download}))
    return errors


def _deliver_one_validation_request(stack) -> None:
    url = stack.ref("ValidationQueue")
    message = stack.sqs.receive_message(QueueUrl=url, MessageSystemAttributeNames=["All"])["Messages"][0]
    answer = stack.validator.invoke({"Records": [sqs_record(message, stack.refs.values["ValidationQueue"]["Arn"])]})
    assert answer == {"batchItemFailures": []}
    stack.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def _upload(stack) -> str:
    created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "people.csv",
                                              "mapping": {"Email": "email"}})[1]
    data = ("Email\n" + "".join(f"p{n}@example.org\n" for n in range(ROWS))).encode()
    stack.upload(created["upload"]["fields"]["key"], data)
    return created["import"]["import_id"]


def test_throttling_and_a_lost_connection_are_retried_and_the_import_ends_exactly(stack, monkeypatch):
    monkeypatch.setenv("VALIDATOR_RETRY_SECONDS", "0")
    settings.cache_clear()
    left = _failing_download(stack, monkeypatch, [_throttled(), EndpointConnectionError(endpoint_url="https://s3")])
    import_id = _upload(stack)

    _deliver_one_validation_request(stack)  # throttled: asks again, not Failed
    assert stack.call("GET", f"/imports/{import_id}")[1]["status"] == "In Progress"
    stack.settle()

    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert not left
    assert (shown["status"], shown["rows_total"], shown["rows_processed"]) == ("Success", ROWS, ROWS)


def test_a_transient_error_that_persists_past_the_retries_fails_the_import_with_a_reason(stack, monkeypatch):
    monkeypatch.setenv("VALIDATOR_RETRY_SECONDS", "0")
    settings.cache_clear()
    _failing_download(stack, monkeypatch, [_throttled() for _ in range(settings().validator_transient_retries + 1)])
    import_id = _upload(stack)
    stack.settle()

    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert shown["status"] == "Failed" and "system error" in shown["failure_reason"]


def test_an_error_that_is_not_transient_fails_at_once(stack, monkeypatch):
    _failing_download(stack, monkeypatch, [ClientError({"Error": {"Code": "AccessDenied", "Message": "denied"},
                                             "ResponseMetadata": {"HTTPStatusCode": 403}}, "GetObject")])
    import_id = _upload(stack)
    _deliver_one_validation_request(stack)
    assert stack.call("GET", f"/imports/{import_id}")[1]["status"] == "Failed"
