"""The services' unit tests: in-memory stores (tests/fakes.py) and settings from a test environment."""

import pytest

from donor_import.config import settings
from tests.fakes import fake_stores

SETTINGS = {"IMPORTS_TABLE": "imports", "RECORDS_TABLE": "records", "FILES_BUCKET": "files",
            "BATCH_QUEUE_URL": "batches", "VALIDATION_QUEUE_URL": "validations", "FINALIZE_QUEUE_URL": "finalize",
            "BATCH_ROWS": "2", "POWERTOOLS_METRICS_DISABLED": "true", "POWERTOOLS_TRACE_DISABLED": "true"}


@pytest.fixture(autouse=True)
def test_settings(monkeypatch):
    for name, value in SETTINGS.items():
        monkeypatch.setenv(name, value)
    settings.cache_clear()
    yield
    settings.cache_clear()


@pytest.fixture
def stores():
    return fake_stores()
