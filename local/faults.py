"""The fault-injection suite: many imports at once on the local stack, every SQS message and S3 event
delivered twice, a share of batch deliveries crashing at random points, and a share of batches
(poison) failing every time until the dead-letter queue takes them. It asserts the invariants and prints
what it injected and what held.

    python -m local.faults [--imports 20] [--rows 1000] [--crash-rate 0.25] [--poison-rate 0.05] [--no-duplicates]
"""

import argparse
import io
import logging
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import boto3
import requests
from openpyxl import load_workbook

from donor_import.data.file_keys import BatchFile, batch_file_kind, is_import_contacts_key
from donor_import.data.stores import Stores
from donor_import.domain.batch_message import BatchMessage

from .client import Client
from .stack import LocalStack
from .template import functions, load
from .wrapping import overriding

# Where a batch delivery may crash; a finalization (the finalizer function's, asked for by the flip or again by
# the watchdog) crashes with the same rate, drawn when it starts writing its results: its request is redelivered.
CRASH_POINTS = ("before_crm_write", "between_crm_writes", "after_crm_write", "after_contacts_file", "after_counting")
MAPPING = {"Email": "email", "First Name": "first_name", "Amount": "amount", "Date": "date",
           "Transaction": "transaction_id"}


RETRY_SECONDS = 1  # a failed batch is visible again this soon on the suite's stack


def redelivery_window(retry_seconds: int) -> int:
    """How long the local batch queue may still hand a batch to a processor: each of its maxReceiveCount
    deliveries may run for the processor's whole timeout, then wait retry_seconds (the template's rule for the
    watchdog, visibility x receives, with the local stack's visibility for a failed message)."""
    template = load()
    receives = template["Resources"]["BatchQueue"]["Properties"]["RedrivePolicy"]["maxReceiveCount"]
    processor = next(f for f in functions(template) if f.logical_id == "ProcessorFunction")
    return receives * (processor.timeout + retry_seconds)


class InjectedCrash(RuntimeError):
    pass


@dataclass
class FaultPlan:
    deliveries: int = 2
    crash_rate: float = 0.25
    poison_rate: float = 0.0
    seed: int = 7
    injected: Counter = field(default_factory=Counter)
    poisoned_rows: defaultdict = field(default_factory=lambda: defaultdict(set))  # import id -> row numbers

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.lock = threading.Lock()
        self.current = threading.local()

    def _crash_if(self, point: str) -> None:
        if getattr(self.current, "point", None) == point:
            self.current.point = None
            with self.lock:
                self.injected[f"crash {point}"] += 1
            raise InjectedCrash(point)

    def _poisoned(self, message: BatchMessage) -> bool:
        """Decided by the seed and the batch number alone, so a seed poisons the same batches in every run."""
        return random.Random(f"{self.seed}:{message.batch_no}").random() < self.poison_rate

    def prepare(self, module) -> None:
        """Run on every handler module as the local stack loads it: its stores are wrapped so that each batch
        delivery picks, with crash_rate, one of the crash points around the processor's writes, its contacts
        file and its counting, and each finalization crashes with crash_rate; the processor's batches go
        through deliver(), which draws the point (and fails poison batches before any write)."""
        if hasattr(module, "STORES"):
            module.STORES = self.wrap(module.STORES)
        if module.__name__.startswith("local_ProcessorFunction_"):
            module.process_batch = self.delivering(module.process_batch)

    def delivering(self, process_batch):
        """process_batch(stores, message) run as one batch delivery of the suite."""

        def deliver(stores, message, *args, **kwargs):
            with self.lock:
                self.injected["batch deliveries"] += 1
                point = self.rng.choice(CRASH_POINTS) if self.rng.random() < self.crash_rate else None
                if poisoned := self._poisoned(message):
                    self.injected["poison batch deliveries"] += 1
                    self.poisoned_rows[message.import_id].update(row.number for row in message.source_rows())
            if poisoned:
                raise InjectedCrash("poison batch")
            self.current.point = point
            try:
                return process_batch(stores, message, *args, **kwargs)
            finally:
                self.current.point = None

        return deliver

    def wrap(self, stores: Stores) -> Stores:
        """The stores with the crash points around their writes. A batch's CRM writes: its contacts' match keys,
        its donations with their gift claims, its other records, then its contacts' profiles; a point fires once
        a delivery, at the first of these it reaches."""
        crm, files, imports = stores.crm, stores.files, stores.imports

        def claim_keys(*args, **kwargs):
            self._crash_if("before_crm_write")
            return crm.claim_keys(*args, **kwargs)

        def claim_gifts(claims):
            self._crash_if("before_crm_write")
            return crm.claim_gifts(claims)

        def write(items):
            self._crash_if("before_crm_write")
            crm.write(items)

        def write_profiles(*args, **kwargs):
            self._crash_if("between_crm_writes")
            crm.write_profiles(*args, **kwargs)
            self._crash_if("after_crm_write")

        def put_json(key, value):
            if is_import_contacts_key(key):  # the finalizer writes it
                with self.lock:
                    crash = self.rng.random() < self.crash_rate
                    self.injected["crash while_finalizing"] += crash
                if crash:
                    raise InjectedCrash("while_finalizing")
            files.put_json(key, value)
            if batch_file_kind(key) is BatchFile.CONTACTS:
                self._crash_if("after_contacts_file")

        def record_batch(*args, **kwargs):
            counted = imports.record_batch(*args, **kwargs)
            self._crash_if("after_counting")
            return counted

        return overriding(stores, crm={"claim_keys": claim_keys, "claim_gifts": claim_gifts, "write": write,
                                          "write_profiles": write_profiles},
                          files={"put_json": put_json}, imports={"record_batch": record_batch})


DONORS = 37


def is_valid(index: int) -> bool:
    """Every 10th data row of a file is invalid (a negative amount)."""
    return index % 10 != 9


@dataclass
class Expected:
    import_id: str
    rows: int

    def kept(self, poisoned_rows: set[int]) -> list[int]:
        """Data rows (0-based) that must be processed: valid, and not in a poison batch (file row = index + 2)."""
        return [i for i in range(self.rows) if is_valid(i) and i + 2 not in poisoned_rows]


def make_file(n: int, rows: int) -> bytes:
    """A donations file of DONORS donors repeating across batches."""
    lines = ["Email,First Name,Amount,Date,Transaction"]
    for row in range(rows):
        amount = f"{row + 1}.{n % 100:02d}" if is_valid(row) else "-1"
        lines.append(f"donor{row % DONORS}.{n}@example.org,Donor{row % DONORS},{amount},"
                     f"2026-01-{row % 28 + 1:02d},T-{n}-{row}")
    return ("\n".join(lines) + "\n").encode()


def start_import(client: Client, n: int, rows: int) -> Expected:
    created = client.create_import("donations", f"faults-{n}.csv", MAPPING)
    client.upload(created["upload"], make_file(n, rows), f"faults-{n}.csv")
    return Expected(created["import"]["import_id"], rows)


def check(stack: LocalStack, client: Client, plan: FaultPlan, expected: list[Expected], timeout: float) -> list[str]:
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
        kept = want.kept(plan.poisoned_rows[want.import_id])
        contacts = len({i % DONORS for i in kept})
        facts = {
            "terminal Success": got["status"] == "Success",
            "rows_total exact": got["rows_total"] == want.rows,
            "processed + errors = rows": got["rows_processed"] + got["rows_with_errors"] == want.rows,
            "processed = valid rows outside poison batches": got["rows_processed"] == len(kept),
            "each of them written once": written[want.import_id] == len(kept),
            "contacts exact": got["contacts"] == contacts,
            "error workbook: every rejected row once, poison rows as system errors":
                _error_reasons(got) == _expected_reasons(want, plan.poisoned_rows[want.import_id]),
        }
        broken = [name for name, held in facts.items() if not held]
        poisoned = len(plan.poisoned_rows[want.import_id])
        summary = (f"{got['rows_processed']}/{len(kept)} processed, {got['rows_with_errors']} errors "
                   f"({poisoned} rows in poison batches), {written[want.import_id]} written, "
                   f"{got['contacts']}/{contacts} contacts")
        lines.append(f"{'FAILED' if broken else 'ok'} {want.import_id}: {summary}"
                     + (f" — broken: {', '.join(broken)}; {got['status']}: {got['failure_reason']}" if broken else ""))
    return lines


def _error_reasons(shown: dict) -> dict[int, str]:
    """{file row: "system error" or "rejected"} from the import's error workbook."""
    if not shown.get("error_file_url"):
        return {}
    answer = requests.get(shown["error_file_url"], timeout=30)
    answer.raise_for_status()
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    reasons = {row[0]: "system error" if str(row[-1]).startswith("system error") else "rejected" for row in rows}
    return reasons if len(reasons) == len(rows) else {"rows repeated": len(rows) - len(reasons)}


def _expected_reasons(want: Expected, poisoned_rows: set[int]) -> dict[int, str]:
    return {i + 2: "system error" if i + 2 in poisoned_rows else "rejected"
            for i in range(want.rows) if i + 2 in poisoned_rows or not is_valid(i)}


def _scan(table):
    answer = table.scan()
    yield answer["Items"]
    while "LastEvaluatedKey" in answer:
        answer = table.scan(ExclusiveStartKey=answer["LastEvaluatedKey"])
        yield answer["Items"]


def run(imports: int, rows: int, crash_rate: float, poison_rate: float, duplicates: bool, batch_rows: int, seed: int,
        timeout: float, stall_seconds: int) -> bool:
    plan = FaultPlan(deliveries=2 if duplicates else 1, crash_rate=crash_rate, poison_rate=poison_rate, seed=seed)
    stack = LocalStack(port=0, retry_seconds=RETRY_SECONDS, log_level="CRITICAL", schedule_seconds=2,
                       env={"BATCH_ROWS": str(batch_rows), "STALL_SECONDS": str(stall_seconds)}, faults=plan).start()
    started = time.monotonic()
    try:
        client = Client(stack.url)
        with ThreadPoolExecutor(8) as pool:
            expected = list(pool.map(lambda n: start_import(client, n, rows), range(imports)))
        lines = check(stack, client, plan, expected, timeout)
    finally:
        stack.stop()
    print(f"Fault injection: {imports} imports × {rows} rows, batches of {batch_rows}, "
          f"every message and S3 event delivered {plan.deliveries}×, crash rate {crash_rate:.0%}, "
          f"poison batches {poison_rate:.0%} (seed {seed})")
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
    parser.add_argument("--crash-rate", type=float, default=0.25,
                        help="share of batch deliveries that crash at one of the crash points")
    parser.add_argument("--poison-rate", type=float, default=0.05,
                        help="share of batches that fail every delivery, until the dead-letter queue takes them")
    parser.add_argument("--no-duplicates", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=1200)
    parser.add_argument("--stall-seconds", type=int, default=None,
                        help="the watchdog's limit; by default as long as the batch queue may still redeliver a "
                             "batch here (maxReceiveCount x (the processor's timeout + the local retry delay))")
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    ok = run(args.imports, args.rows, args.crash_rate, args.poison_rate, not args.no_duplicates, args.batch_rows,
             args.seed, args.timeout, args.stall_seconds or redelivery_window(RETRY_SECONDS))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
