"""Running a function's handler as Lambda would: its own module copy per worker (an execution
environment), a context object, the time limit it reports."""

import importlib.util
import itertools
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

from . import aws_calls
from .resources import ACCOUNT, REGION, Refs
from .template import Function

_copies = itertools.count()


@dataclass
class Context:
    function_name: str
    timeout: int
    memory_limit_in_mb: int = 512
    function_version: str = "$LATEST"

    def __post_init__(self):
        self.aws_request_id = str(uuid.uuid4())
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self.function_name}"
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + self.timeout

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def load_handler_module(path: Path, name: str):
    """A handler file loaded as a module of its own name (every function's file is called handler.py)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class Environment:
    """One execution environment of a function: the handler module loaded once, invoked many times.

    prepare(module), when given, runs on the handler module right after it loads, as its cold start ends: the
    fault suite wraps the stores the module built (its STORES) there."""

    def __init__(self, function: Function, prepare: Callable | None = None):
        self.function = function
        self.module = load_handler_module(function.handler_file, f"local_{function.logical_id}_{next(_copies)}")
        if prepare:
            prepare(self.module)
        self.handler = getattr(self.module, function.handler_name)

    def invoke(self, event: dict):
        try:
            with aws_calls.invocation(self.function.logical_id):
                return self.handler(event, Context(self.function.logical_id, self.function.timeout))
        finally:
            _discard_disabled_metrics()


def _discard_disabled_metrics() -> None:
    """With metrics disabled, Powertools keeps what a flush skipped and prints it all once a metric holds
    100 values; locally, where every environment shares one metric set, that is noise on the console.
    (Every Metrics instance shares that set, so a new one clears it.)"""
    if is_metrics_disabled():
        Metrics().clear_metrics()


class Pool:
    """Warm environments of one function: an invocation takes a free one or starts a new one, so concurrent
    invocations never share one (as in Lambda). It counts the invocations running, and the most at once."""

    def __init__(self, function: Function, start=Environment):
        """start(function) makes a new environment."""
        self.function, self.start = function, start
        self.free: list[Environment] = []
        self.lock = threading.Lock()
        self.running = self.peak = 0

    def invoke(self, event: dict):
        with self.lock:
            environment = self.free.pop() if self.free else None
            self.running += 1
            self.peak = max(self.peak, self.running)
        try:
            environment = environment or self.start(self.function)
            return environment.invoke(event)
        finally:
            with self.lock:
                self.running -= 1
                if environment:
                    self.free.append(environment)

    def reset_peak(self) -> None:
        """Start counting the most concurrent invocations afresh (from those running now)."""
        with self.lock:
            self.peak = self.running


def set_environment(functions, refs: Refs, overrides: dict) -> None:
    """Every function's environment as the template resolves it, then the overrides, into this process's (locally
    the functions share one process); the layer's cached settings and clients are dropped to read it again."""
    from donor_import.config import settings
    from donor_import.data import aws

    for function in functions:
        os.environ.update({k: str(v) for k, v in refs.resolve(function.environment).items()})
    os.environ.update(overrides)
    settings.cache_clear()
    aws.reset()
