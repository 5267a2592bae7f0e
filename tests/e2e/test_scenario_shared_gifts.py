"""The shared_gifts scenario against a local stack of its own, with small batches (BLOCKS of them per
import); the process's environment is put back afterwards for the other end-to-end tests."""

import os

import pytest

from donor_import.config import settings
from donor_import.data import aws
from local.client import Client
from local.scenarios import shared_gifts
from local.stack import LocalStack

pytestmark = pytest.mark.e2e


@pytest.fixture
def small_batches_stack():
    saved = dict(os.environ)
    settings.cache_clear()
    stack = LocalStack(port=0, log_level="CRITICAL", env={"BATCH_ROWS": "25"}).start()
    aws.reset()
    try:
        yield stack
    finally:
        stack.stop()
        os.environ.clear()
        os.environ.update(saved)
        settings.cache_clear()
        aws.reset()


def test_shared_gifts_are_written_once_and_every_tag_is_kept(small_batches_stack):
    assert shared_gifts.run(small_batches_stack, Client(small_batches_stack.url)) == []
