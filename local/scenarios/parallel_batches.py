"""Parallel batches (issue 13, item 1): one donations import of many batches runs on the local stack with
the processor concurrency Lambda would give it — several invocations at once, each with up to BatchSize
batches, never more at once than the event source's MaximumConcurrency (within the function's reserved
concurrency) — and every row is written once.

Before: a fixed number of pollers (4) per queue, whatever the template said, and no record of how many
invocations ran at once.

    python -m local.scenarios parallel_batches   # on a stack of its own, with batches of 20 rows
"""

import time

import boto3
from boto3.dynamodb.conditions import Attr

from donor_import.config import settings

BATCHES = 30
DONORS = 23
MAPPING = {"Email": "email", "First Name": "first_name", "Amount": "amount", "Date": "date",
           "Transaction": "transaction_id"}
PROCESSOR = "ProcessorFunction"
STACK_ENV = {"BATCH_ROWS": "20"}  # many batches from a small file


def donations_file(rows: int) -> bytes:
    lines = ["Email,First Name,Amount,Date,Transaction"]
    lines += [f"donor{n % DONORS}@parallel.example,Donor{n % DONORS},{n + 1}.00,2026-02-{n % 28 + 1:02d},P-{n}"
              for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def run(stack, client) -> list[str]:
    rows = settings().batch_rows * BATCHES
    allowed = stack.sqs_concurrency(PROCESSOR)
    pool = stack.pools[PROCESSOR]
    pool.reset_peak()
    started = time.monotonic()
    created = client.create_import("donations", "parallel-batches.csv", MAPPING)
    client.upload(created["upload"], donations_file(rows), "parallel-batches.csv")
    import_id = created["import"]["import_id"]
    done = client.wait_done(import_id, timeout=300)
    seconds, peak = time.monotonic() - started, pool.peak
    written = _donations_written(stack, import_id)
    print(f"parallel batches: {rows:,} donations rows in {BATCHES} batches: {done['status']} in {seconds:.1f} s; "
          f"peak {peak} concurrent processor invocations (allowed {allowed}); {done['rows_processed']:,} "
          f"processed, {written:,} donations written, {done['contacts']} contacts")
    broken = []
    if not 1 < peak <= allowed:
        broken.append(f"peak concurrent processor invocations {peak}, not more than 1 and at most {allowed}")
    if done["status"] != "Success" or done["rows_processed"] != rows:
        broken.append(f"{done['status']}, {done['rows_processed']} of {rows} rows processed "
                      f"({done.get('failure_reason')})")
    if written != rows:
        broken.append(f"{written} donations written for {rows} rows")
    if done["contacts"] != DONORS:
        broken.append(f"{done['contacts']} contacts, not {DONORS}")
    return broken


def _donations_written(stack, import_id: str) -> int:
    table = boto3.resource("dynamodb").Table(stack.resource("RecordsTable"))
    query = {"FilterExpression": Attr("kind").eq("donation") & Attr("import_id").eq(import_id), "Select": "COUNT"}
    answer, count = table.scan(**query), 0
    while True:
        count += answer["Count"]
        if "LastEvaluatedKey" not in answer:
            return count
        answer = table.scan(**query, ExclusiveStartKey=answer["LastEvaluatedKey"])

