"""With AWS_CALLS_FILE set (as `make integration` and `make e2e` do), the AWS operations each function calls
while the tests run are written to that file, for tests/infrastructure/test_least_privilege.py."""

import os
from pathlib import Path

import pytest

from local.aws_calls import Recorder

_RECORDER = pytest.StashKey[tuple[Recorder, Path]]()


def pytest_configure(config: pytest.Config) -> None:
    path = os.environ.get("AWS_CALLS_FILE")
    if path:
        config.stash[_RECORDER] = (Recorder().install(), Path(path))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _RECORDER in config.stash:
        recorder, path = config.stash[_RECORDER]
        recorder.write(path)
        recorder.uninstall()
