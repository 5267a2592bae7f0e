"""boto3 clients and resources, made once per thread (AWS_ENDPOINT_URL points them at an emulator).

Clients are thread-safe but resources are not; the local stack runs handlers in threads, so both are kept
per thread, as they would be per Lambda execution environment.
"""

import threading

import boto3
from botocore.config import Config

CONFIG = Config(signature_version="s3v4", retries={"max_attempts": 8, "mode": "adaptive"},
                max_pool_connections=20)
_local = threading.local()


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
