"""The unclosed-quote scenario over the local stack's HTTP API: no row swallowed."""

import pytest

from local.client import Client
from local.scenarios import unclosed_quote

pytestmark = pytest.mark.e2e


def test_no_row_is_swallowed(stack):
    assert unclosed_quote.run(stack, Client(stack.url)) == []
