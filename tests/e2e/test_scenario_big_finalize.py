"""A 50,000-rejected-row import is finalized by the finalizer function and ends Success (local stack; a few
minutes on a loaded 2-core machine)."""

import pytest

from local.client import Client
from local.scenarios import big_finalize

pytestmark = pytest.mark.e2e


def test_fifty_thousand_rejected_rows_are_finalized(stack):
    assert big_finalize.run(stack, Client(stack.url)) == []
