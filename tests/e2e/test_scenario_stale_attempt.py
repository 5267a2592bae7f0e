"""A retry after the watchdog with late attempt-1 batches ends with exact counts (local stack)."""

import pytest

from local.client import Client
from local.scenarios import stale_attempt

pytestmark = pytest.mark.e2e


def test_late_attempt_1_batches_do_not_count_into_the_retry(stack):
    assert stale_attempt.run(stack, Client(stack.url)) == []
