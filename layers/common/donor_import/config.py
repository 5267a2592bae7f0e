"""Settings from the environment, parsed once: a handler reads them as its module loads, so a function deployed
without a variable it needs fails its cold start naming the variable, not a request later."""

import os
from functools import lru_cache

from pydantic import BaseModel, Field, ValidationError


class Settings(BaseModel):
    imports_table: str = Field(alias="IMPORTS_TABLE")
    records_table: str = Field(alias="RECORDS_TABLE")
    files_bucket: str = Field(alias="FILES_BUCKET")
    batch_queue_url: str = Field(alias="BATCH_QUEUE_URL")
    validation_queue_url: str = Field(alias="VALIDATION_QUEUE_URL")
    finalize_queue_url: str = Field(alias="FINALIZE_QUEUE_URL")
    max_upload_bytes: int = Field(default=512 * 1024 * 1024, alias="MAX_UPLOAD_BYTES")
    upload_url_seconds: int = Field(default=300, alias="UPLOAD_URL_SECONDS")
    download_url_seconds: int = Field(default=300, alias="DOWNLOAD_URL_SECONDS")
    batch_rows: int = Field(default=500, alias="BATCH_ROWS")
    max_rows: int = Field(default=5_000_000, alias="MAX_ROWS")
    # A validator invocation with less time left than this stops at a checkpoint and continues in another.
    validator_safety_seconds: float = Field(default=60, alias="VALIDATOR_SAFETY_SECONDS")
    # Longer than SQS may still redeliver a batch (the batch queue's visibility timeout x its maxReceiveCount).
    # A validation stopped by a transient AWS error (botocore's own retries spent) is asked for again this many
    # times, after this delay (SQS allows 900 s at most), before the import fails.
    validator_transient_retries: int = Field(default=5, alias="VALIDATOR_TRANSIENT_RETRIES")
    validator_retry_seconds: int = Field(default=60, ge=0, le=900, alias="VALIDATOR_RETRY_SECONDS")
    stall_seconds: int = Field(default=3900, alias="STALL_SECONDS")
    # An import left waiting for its column mapping expires (ends Failed, kind expired) after this long.
    mapping_expiry_seconds: int = Field(default=7 * 86400, ge=60, alias="MAPPING_EXPIRY_SECONDS")
    # A watchdog sweep with less time left than this leaves the other stalled imports to the next sweep.
    watchdog_safety_seconds: float = Field(default=20, alias="WATCHDOG_SAFETY_SECONDS")
    # An error workbook lists at most this many rejected rows; beyond, a CSV lists all of them.
    workbook_max_rows: int = Field(default=100_000, alias="WORKBOOK_MAX_ROWS")


class SettingsError(RuntimeError):
    """The environment lacks a variable the functions need, or holds one they cannot read."""


@lru_cache(maxsize=1)
def settings() -> Settings:
    try:
        return Settings.model_validate(dict(os.environ))
    except ValidationError as error:
        raise SettingsError("the environment's settings are wrong: " + "; ".join(
            f"{'.'.join(map(str, problem['loc']))}: "
            + ("missing" if problem["type"] == "missing" else f"{problem['msg']} (it is {problem['input']!r})")
            for problem in error.errors())) from None
