"""boto3 clients and resources, made once per thread (AWS_ENDPOINT_URL points them at an emulator).

Clients are thread-safe but resources are not; the local stack runs handlers in threads, so both are kept
per thread, as they would be per Lambda execution environment.
"""

import threading

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

CONFIG = Config(signature_version="s3v4", retries={"max_attempts": 8, "mode": "adaptive"},
                max_pool_connections=20)
_local = threading.local()

# What botocore's standard retry mode retries: throttling, 5xx, and the connection failing.
TRANSIENT_STATUS = {429, 500, 502, 503, 504}
TRANSIENT_CODES = {
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
    "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
    "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable",
}


def _cache() -> dict:
    if not hasattr(_local, "made"):
        _local.made = {}
    return _local.made


def client(service: str):
    made = _cache()
    if service not in made:
        made[service] = boto3.session.Session().client(service, config=CONFIG)
    return made[service]


def table(name: str):
    made = _cache()
    key = ("table", name)
    if key not in made:
        made[key] = boto3.session.Session().resource("dynamodb", config=CONFIG).Table(name)
    return made[key]


def reset() -> None:
    """Forget this thread's clients (tests that change the endpoint or credentials call this)."""
    _cache().clear()


def is_transient(error: BaseException) -> bool:
    """Whether an AWS call's error is one that a later try may not meet (botocore's own retries gave up on it)."""
    if isinstance(error, ConnectionError | HTTPClientError):
        return True
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return status in TRANSIENT_STATUS or error.response.get("Error", {}).get("Code") in TRANSIENT_CODES
    return False
