import pytest

from local.stack import LocalStack


@pytest.fixture(scope="session")
def stack():
    running = LocalStack(port=0, log_level="WARNING").start()
    yield running
    running.stop()
