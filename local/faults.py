"""The fault-injection suite: many imports at once on the local stack, every SQS message and S3 event
delivered twice, and a share of processor invocations crashing at random points. It asserts the
invariants and prints what it injected and what held.

    python -m local.faults [--imports 20] [--rows 1000] [--crash-rate 0.25] [--no-duplicates]
"""

import argparse
import logging
import random
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import boto3

from donor_import.data import crm_repo, files, imports_repo

from .client import Client
from .lambdas import Environment
from .stack import LocalStack

CRASH_POINTS = ("before_crm_write", "after_crm_write", "after_contacts_file", "after_counting",
                "while_finalizing")
MAPPING = {"Email": "email", "First Name": "first_name", "Amount": "amount", "Date": "date",
           "Transaction": "transaction_id"}


class InjectedCrash(RuntimeError):
    pass


@dataclass
class FaultPlan:
    deliveries: int = 2
    crash_rate: float = 0.25
    crash_functions: tuple[str, ...] = ("ProcessorFunction",)
    seed: int = 7
    injected: Counter = field(default_factory=Counter)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.lock = threading.Lock()
        self.current = threading.local()
        self._install()

    def wrap(self, environment: Environment) -> None:
        """Each invocation of a crash function picks, with crash_rate, a point at which it will crash."""
        if environment.function.logical_id not in self.crash_functions:
            return
        handler = environment.handler

        def crashing_handler(event, context):
            with self.lock:
                self.injected["invocations"] += 1
                point = self.rng.choice(CRASH_POINTS) if self.rng.random() < self.crash_rate else None
            self.current.point = point
            try:
                return handler(event, context)
            finally:
                self.current.point = None

        environment.handler = crashing_handler

    def _crash_if(self, point: str) -> None:
        if getattr(self.current, "point", None) == point:
            self.current.point = None
            with self.lock:
                self.injected[f"crash {point}"] += 1
            raise InjectedCrash(point)

    def _install(self) -> None:
        """Crash points around the processor's writes, its contacts file, its counting and finalize."""
        write, put_json, record_batch = crm_repo.write, files.put_json, imports_repo.record_batch

        def faulty_write(items):
            self._crash_if("before_crm_write")
            write(items)
            self._crash_if("after_crm_write")

        def faulty_put_json(key, value):
            if key.startswith("results/"):
                self._crash_if("while_finalizing")
            put_json(key, value)
            if "/contacts/" in key:
                self._crash_if("after_contacts_file")

        def faulty_record_batch(*args, **kwargs):
            counted = record_batch(*args, **kwargs)
            self._crash_if("after_counting")
            return counted

        crm_repo.write, files.put_json, imports_repo.record_batch = faulty_write, faulty_put_json, faulty_record_batch


@dataclass
class Expected:
    import_id: str
    rows: int
    valid: int
    contacts: int


def make_file(n: int, rows: int) -> tuple[bytes, int, int]:
    """A donations file: every 10th row invalid, donors repeating across batches; (data, valid, contacts)."""
    lines, donors = ["Email,First Name,Amount,Date,Transaction"], set()
    for row in range(rows):
        donor = f"donor{row % 37}.{n}@example.org"
        bad = row % 10 == 9
        amount = "-1" if bad else f"{row + 1}.{n % 100:02d}"
        lines.append(f"{donor},Donor{row % 37},{amount},2026-01-{row % 28 + 1:02d},T-{n}-{row}")
        if not bad:
            donors.add(donor)
    valid = rows - rows // 10
    return ("\n".join(lines) + "\n").encode(), valid, len(donors)


def start_import(client: Client, n: int, rows: int) -> Expected:
    data, valid, contacts = make_file(n, rows)
    created = client.create_import("donations", f"faults-{n}.csv", MAPPING)
    client.upload(created["upload"], data, f"faults-{n}.csv")
    return Expected(created["import"]["import_id"], rows, valid, contacts)


def check(stack: LocalStack, client: Client, expected: list[Expected], timeout: float) -> list[str]:
    """The invariants, as lines "ok …" or "FAILED …"."""
    deadline = time.monotonic() + timeout
    shown = {}
    for want in expected:
        try:
            shown[want.import_id] = client.wait_done(want.import_id, max(1.0, deadline - time.monotonic()))
        except TimeoutError as error:
            shown[want.import_id] = {"status": "In Progress", "error": str(error)}
    written = Counter()
    table = boto3.resource("dynamodb").Table(stack.resource("RecordsTable"))
    for page in _scan(table):
        for item in page:
            if item.get("kind") == "donation":
                written[item["import_id"]] += 1
    lines = []
    for want in expected:
        got = shown[want.import_id]
        if got["status"] == "In Progress":
            lines.append(f"FAILED {want.import_id}: not terminal ({got['error']})")
            continue
        dead = got["rows_with_errors"] - (want.rows - want.valid)
        facts = {
            "terminal Success": got["status"] == "Success",
            "rows_total exact": got["rows_total"] == want.rows,
            "processed + errors = rows": got["rows_processed"] + got["rows_with_errors"] == want.rows,
            "each valid row written once": written[want.import_id] == want.valid,
            "processed = valid - dead-lettered": got["rows_processed"] == want.valid - dead,
            "contacts exact": got["contacts"] == want.contacts or dead > 0,
        }
        broken = [name for name, held in facts.items() if not held]
        summary = (f"{got['rows_processed']}/{want.valid} processed, {got['rows_with_errors']} errors, "
                   f"{written[want.import_id]} written, {got['contacts']}/{want.contacts} contacts")
        lines.append(f"{'FAILED' if broken else 'ok'} {want.import_id}: {summary}"
                     + (f" — broken: {', '.join(broken)}; {got['status']}: {got['failure_reason']}" if broken else ""))
    return lines


def _scan(table):
    answer = table.scan()
    yield answer["Items"]
    while "LastEvaluatedKey" in answer:
        answer = table.scan(ExclusiveStartKey=answer["LastEvaluatedKey"])
        yield answer["Items"]


def run(imports: int, rows: int, crash_rate: float, duplicates: bool, batch_rows: int, seed: int,
        timeout: float, stall_seconds: int) -> bool:
    plan = FaultPlan(deliveries=2 if duplicates else 1, crash_rate=crash_rate, seed=seed)
    stack = LocalStack(port=0, workers=4, retry_seconds=1, log_level="CRITICAL", schedule_seconds=2,
                       env={"BATCH_ROWS": str(batch_rows), "STALL_SECONDS": str(stall_seconds)}, faults=plan).start()
    started = time.monotonic()
    try:
        client = Client(stack.url)
        with ThreadPoolExecutor(8) as pool:
            expected = list(pool.map(lambda n: start_import(client, n, rows), range(imports)))
        lines = check(stack, client, expected, timeout)
    finally:
        stack.stop()
    print(f"Fault injection: {imports} imports × {rows} rows, batches of {batch_rows}, "
          f"every message and S3 event delivered {plan.deliveries}×, crash rate {crash_rate:.0%} (seed {seed})")
    print("Injected: " + ", ".join(f"{name}: {count}" for name, count in sorted(plan.injected.items())))
    print("\n".join(lines))
    ok = all(line.startswith("ok") for line in lines)
    print(f"{'All invariants held' if ok else 'INVARIANTS BROKEN'} in {time.monotonic() - started:.1f} s")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--imports", type=int, default=20)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--batch-rows", type=int, default=100)
    parser.add_argument("--crash-rate", type=float, default=0.25)
    parser.add_argument("--no-duplicates", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--stall-seconds", type=int, default=120,
                        help="the watchdog's limit: longer than a batch may wait behind the other imports' batches")
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    ok = run(args.imports, args.rows, args.crash_rate, not args.no_duplicates, args.batch_rows, args.seed,
             args.timeout, args.stall_seconds)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
