"""How long Load to List takes to write a big list's members, against moto's server run as the local stack runs
it (in process, with the strict and atomic DynamoDB patches): as items of the records table, one BatchWriteItem
of 25 after another (as before) and in parallel streams; and as files of a thousand contact ids written in
parallel (services/list_members.py, as now).

    python -m bench.list_writes [--contacts 60000] [--workers 1 8]
"""

import argparse
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from moto.server import ThreadedMotoServer

from donor_import.config import Settings
from donor_import.data import aws, dynamo
from donor_import.data.stores import build
from donor_import.services import list_members
from local import atomic_dynamodb, resources, strict_dynamodb
from local.template import load

ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


def members(list_no: int, count: int) -> list[dict]:
    pk = f"L#org-a#bench{list_no}"
    return [{"pk": pk, "sk": f"M#{n:012d}", "contact_id": f"{n:012d}"} for n in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=60_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args()
    atomic_dynamodb.install()
    strict_dynamodb.install()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server.start()
    host, port = server.get_host_and_port()
    os.environ.update({**ENV, "AWS_ENDPOINT_URL": f"http://{host}:{port}"})
    refs = resources.create_all(load(), {}, None)
    table = refs.values["RecordsTable"]["Ref"]
    aws.reset()
    for list_no, workers in enumerate(args.workers):
        items = members(list_no, args.contacts)
        started = time.perf_counter()
        parts = [items[start : start + len(items) // workers + 1] for start in range(0, len(items),
                                                                                    len(items) // workers + 1)]
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda part: dynamo.batch_write(aws.client("dynamodb"), table, part), parts))
        seconds = time.perf_counter() - started
        written = boto3.client("dynamodb").query(
            TableName=table, Select="COUNT", KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": items[0]["pk"]}})["Count"]
        print(f"{args.contacts:,} members as items, {workers:>2} stream(s) of BatchWriteItem: {seconds:6.1f} s "
              f"({-(-args.contacts // 25):,} calls; {written:,} counted on the query's first page)")
    ref = {name: refs.values[name]["Ref"] for name in ("ImportsTable", "RecordsTable", "FilesBucket", "BatchQueue",
                                                         "ValidationQueue", "FinalizeQueue")}
    stores = build(Settings(IMPORTS_TABLE=ref["ImportsTable"], RECORDS_TABLE=table, FILES_BUCKET=ref["FilesBucket"],
                            BATCH_QUEUE_URL=ref["BatchQueue"], VALIDATION_QUEUE_URL=ref["ValidationQueue"],
                            FINALIZE_QUEUE_URL=ref["FinalizeQueue"]))
    ids = [item["contact_id"] for item in members(0, args.contacts)]
    started = time.perf_counter()
    list_members.write(stores, "org-a", "bench", ids)
    seconds = time.perf_counter() - started
    shown, _ = list_members.page(stores, "org-a", "bench", len(ids), 100, f"{len(ids) // 1000 - 1}.950")
    print(f"{args.contacts:,} members as files of {list_members.MEMBERS_PER_FILE:,}, {list_members.WRITERS} writers: "
          f"{seconds:6.1f} s ({-(-args.contacts // list_members.MEMBERS_PER_FILE)} PutObject calls; a page at the "
          f"end reads {len(shown)} members)")
    server.stop()


if __name__ == "__main__":
    main()
