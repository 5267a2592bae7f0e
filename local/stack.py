"""The whole stack on a laptop: moto in server mode, the resources of template.yaml, the HTTP API on
localhost, and S3 and SQS events delivered to the same handlers that run in Lambda.

    python -m local.stack [--port 3000]
"""

import argparse
import logging
import os
import signal
import sys
import threading
import time
import warnings

from moto.server import ThreadedMotoServer

from . import atomic_dynamodb, event_sources, http_api, powertools_threads, resources, strict_dynamodb
from .lambdas import Environment, Pool, set_environment
from .template import ROOT, functions, load

log = logging.getLogger("local.stack")

# How long stop() waits, in all, for the event sources' invocations in flight; the process then exits without
# them, as Lambda abandons an environment: everything lives in memory, so what they would write is gone anyway.
SHUTDOWN_SECONDS = 5

LOCAL_ENV = {
    "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_SESSION_TOKEN": "local",
    "AWS_DEFAULT_REGION": resources.REGION, "AWS_REGION": resources.REGION,
    "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true",
}


class LocalStack:
    def __init__(self, port: int = 3000, max_concurrency: int | None = None, visibility_timeout: int | None = None,
                 log_level: str = "INFO", schedule_seconds: float | None = 30, env: dict | None = None,
                 faults=None, retry_seconds: int = 2, prepare=None):
        """max_concurrency: caps every SQS event source's concurrent invocations (None: as the template says,
        Function.sqs_concurrency);
        visibility_timeout: overrides the template's (which, at 6x the function timeout, never hands a
        running job to a second worker); a failed message comes back after retry_seconds either way;
        schedule_seconds: how often scheduled functions run locally (None: as the template says);
        env: settings that override the template's environment (STALL_SECONDS=5, say);
        faults: a local.faults.FaultPlan to inject duplicate deliveries and crashes;
        prepare: run on each handler module as it loads, as the fault plan's prepare is (the bench counts runs)."""
        self.port, self.max_concurrency, self.visibility_timeout = port, max_concurrency, visibility_timeout
        self.log_level, self.schedule_seconds, self.env = log_level, schedule_seconds, env or {}
        self.faults, self.retry_seconds = faults, retry_seconds
        self.prepare = faults.prepare if faults else prepare
        self.stop_event = threading.Event()
        self.pollers: list[event_sources.SqsPoller] = []
        self.pools: dict[str, Pool] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.api.server_address[1]}"

    def start(self) -> "LocalStack":
        atomic_dynamodb.install()
        strict_dynamodb.install()
        powertools_threads.install()
        self.moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.moto.start()
        host, moto_port = self.moto.get_host_and_port()
        self.endpoint = f"http://{host}:{moto_port}"
        os.environ.update({**LOCAL_ENV, "AWS_ENDPOINT_URL": self.endpoint})
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        warnings.filterwarnings("ignore", message="No application metrics to publish")
        template = load()
        web = ROOT / "web"
        # Bound first, so the page's origin (allowed by CORS on the bucket) has the real port, even for port 0.
        self.api = http_api.ApiServer(self.port, [], web if web.is_dir() else None, [])
        origin = self.url
        self.api.allowed_origins.append(origin)
        self.refs = resources.create_all(template, {"AllowedOrigin": origin}, self.visibility_timeout)
        self.functions = functions(template)
        set_environment(self.functions, self.refs, {"POWERTOOLS_LOG_LEVEL": self.log_level, **self.env})
        for function in self.functions:
            pool = self.pools[function.logical_id] = Pool(function, self._environment)
            self._start_event_sources(function, pool)
            self.api.routes += [http_api.Route(route, pool) for route in function.routes]
        threading.Thread(target=self.api.serve_forever, daemon=True, name="http-api").start()
        return self

    def _start_event_sources(self, function, pool: Pool) -> None:
        deliveries = self.faults.deliveries if self.faults else 1
        for source in function.sqs_sources:
            queue = self.refs.values[source["queue"]]
            self._poller(event_sources.SqsPoller(
                pool, queue["Ref"], queue["Arn"], source["batch_size"], source["report_failures"], self.stop_event,
                deliveries, self.retry_seconds, concurrency=self._concurrency(function, source),
                batching_window=source["batching_window"]))
        for source in function.s3_sources:
            bucket = self.refs.values[source["bucket"]]["Ref"]
            url, arn = event_sources.s3_notification_queue(bucket, function.logical_id, source["events"],
                                                           source["prefix"])
            failures = function.on_failure_queue and self.refs.values[function.on_failure_queue]["Ref"]
            self._poller(event_sources.S3Poller(self._environment(function), url, arn, 10, False, self.stop_event,
                                                deliveries, failure_queue_url=failures))
        for every in function.schedules:
            self._poller(event_sources.Scheduler(self._environment(function), self.schedule_seconds or every,
                                                 self.stop_event))

    def _environment(self, function) -> Environment:
        """An execution environment of the function; with a fault plan, its handler's stores wrapped by it."""
        return Environment(function, self.prepare)

    def _concurrency(self, function, source: dict) -> int:
        allowed = function.sqs_concurrency(source)
        return min(allowed, self.max_concurrency) if self.max_concurrency else allowed

    def sqs_concurrency(self, logical_id: str) -> int:
        """The most invocations of a function its SQS event sources run at once, here."""
        function = next(f for f in self.functions if f.logical_id == logical_id)
        return max(self._concurrency(function, source) for source in function.sqs_sources)

    def _poller(self, poller: threading.Thread) -> None:
        self.pollers.append(poller)
        poller.start()

    def resource(self, logical_id: str) -> str:
        """The local name or URL of a template resource (what !Ref gives)."""
        return self.refs.values[logical_id]["Ref"]

    def stop(self) -> None:
        """Stops taking requests and messages; waits up to SHUTDOWN_SECONDS in all for the invocations in flight."""
        self.stop_event.set()
        self.api.shutdown()
        self.api.server_close()
        deadline = time.monotonic() + SHUTDOWN_SECONDS
        for poller in self.pollers:
            poller.join(timeout=max(0.0, deadline - time.monotonic()))
        self.moto.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 3000)))
    parser.add_argument("--max-concurrency", type=int, default=None,
                        help="cap on concurrent invocations per SQS event source (default: as template.yaml says)")
    parser.add_argument("--log-level", default=os.environ.get("LOG_LEVEL", "INFO"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # Before the stack starts, so that a signal during its start stops it too (once it is up).
    stopped = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    stack = LocalStack(args.port, args.max_concurrency, log_level=args.log_level).start()
    print(f"Local stack up: API and Import page on {stack.url}  (AWS emulator at {stack.endpoint})")
    print("Tokens: " + ", ".join(f"'Authorization: Bearer {t['token']}' (organisation {t['org_id']})"
                                 for t in http_api.local_tokens()) + ".")
    print("Ctrl-C (or SIGTERM) stops it; everything lives in memory and is gone when it stops.", flush=True)
    stopped.wait()
    stack.stop()
    print("Local stack stopped.", flush=True)
    sys.stderr.flush()
    # Not a normal exit: the interpreter would wait for every invocation still running (each retrying its calls
    # to the stopped emulator), which is how a busy stack went on for minutes after SIGTERM.
    os._exit(0)


if __name__ == "__main__":
    main()


