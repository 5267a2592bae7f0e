"""The parallel-batches scenario on a local stack of its own, with batches small enough that one import has
many: the processor runs several invocations at once, within the template's MaximumConcurrency."""

import pytest

from local.client import Client
from local.scenarios import parallel_batches
from local.stack import LocalStack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def small_batches_stack():
    running = LocalStack(port=0, log_level="WARNING", env={"BATCH_ROWS": "20"}).start()
    yield running
    running.stop()


def test_one_import_runs_its_batches_concurrently_within_the_maximum(small_batches_stack):
    assert small_batches_stack.sqs_concurrency("ProcessorFunction") == 20  # template: MaximumConcurrency 20
    assert parallel_batches.run(small_batches_stack, Client(small_batches_stack.url)) == []
