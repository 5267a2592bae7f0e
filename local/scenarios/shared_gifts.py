"""Scenario: batches processed at once that share gifts and contacts, and one file imported twice at once.

Over the local stack's HTTP API:
- a donations import of BLOCKS batches that each hold the same gifts of the same people: exactly one
  donation per gift, every other row a duplicate naming the row that holds the gift;
- a contacts import of BLOCKS batches that each add their own tag to the same people: every tag kept;
- one donations file imported twice at the same moment (asked for with allow_duplicate_file): one set of
  gifts between the two imports, every row counted once.
"""

import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import boto3

from donor_import.config import settings
from local.client import Client

BLOCKS = 12
TIMEOUT = 600
STACK_ENV = {"BATCH_ROWS": "25"}  # BLOCKS batches per import
GIFTS = {"Email": "email", "First Name": "first_name", "Amount": "amount", "Date": "date"}
TAGS = {"Email": "email", "First Name": "first_name", "Tags": "tags"}


def _email(run: str, person: int) -> str:
    return f"shared{person}.{run}@example.org"


def _csv(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _gifts(run: str, people: int, blocks: int) -> bytes:
    return _csv("Email,First Name,Amount,Date", [f"{_email(run, p)},Donor{p},{p + 1}.25,2026-02-{p % 28 + 1:02d}"
                                                 for _ in range(blocks) for p in range(people)])


def _tags(run: str, people: int) -> bytes:
    return _csv("Email,First Name,Tags", [f"{_email(run + 't', p)},Name{b},tag-{b}"
                                          for b in range(BLOCKS) for p in range(people)])


def _start(client: Client, import_type: str, name: str, data: bytes, mapping: dict, **extra) -> str:
    created = client.json("POST", "/imports", 201, json={"import_type": import_type, "file_name": name,
                                                         "mapping": mapping, **extra})
    client.upload(created["upload"], data, name)
    return created["import"]["import_id"]


def _crm(stack) -> tuple[Counter, dict[str, dict]]:
    """Donations written per import, and the profiles by email."""
    table = boto3.resource("dynamodb").Table(stack.resource("RecordsTable"))
    donations, profiles = Counter(), {}
    answer = {}
    while True:
        answer = table.scan(**({"ExclusiveStartKey": answer["LastEvaluatedKey"]} if "LastEvaluatedKey" in answer
                               else {}))
        for item in answer["Items"]:
            if item.get("kind") == "donation":
                donations[item["import_id"]] += 1
            elif item["sk"] == "PROFILE" and item.get("email"):
                profiles[item["email"]] = item
        if "LastEvaluatedKey" not in answer:
            return donations, profiles


def run(stack, client: Client) -> list[str]:
    people = settings().batch_rows  # one batch a block
    run_id = uuid.uuid4().hex[:8]
    started = time.monotonic()
    twice = _gifts(run_id + "x", people, 1)
    with ThreadPoolExecutor(4) as pool:
        shared = pool.submit(_start, client, "donations", "shared.csv", _gifts(run_id, people, BLOCKS), GIFTS)
        tagged = pool.submit(_start, client, "contacts", "tags.csv", _tags(run_id, people), TAGS)
        pair = [pool.submit(_start, client, "donations", "twice.csv", twice, GIFTS, allow_duplicate_file=True)
                for _ in range(2)]
        shared, tagged, pair = shared.result(), tagged.result(), [p.result() for p in pair]
    shown = {i: client.wait_done(i, TIMEOUT) for i in [shared, tagged, *pair]}
    donations, profiles = _crm(stack)
    tags_kept = Counter(len(profiles.get(_email(run_id + "t", p), {}).get("tags", ())) for p in range(people))
    both, gifts, tags = [shown[i] for i in pair], shown[shared], shown[tagged]
    facts = {
        "shared gifts: one donation per gift": donations[shared] == people,
        "shared gifts: every other row a duplicate":
            (gifts["rows_processed"], gifts["rows_with_errors"]) == (people, people * (BLOCKS - 1)),
        "shared gifts: contacts created exact": (gifts["contacts_created"], gifts["contacts_updated"]) == (people, 0),
        "tags: every tag kept": tags_kept == Counter({BLOCKS: people}),
        "tags: rows and contacts exact": (tags["rows_processed"], tags["contacts_created"],
                                          tags["contacts_updated"]) == (people * BLOCKS, people, 0),
        "same file twice: one set of gifts": donations[pair[0]] + donations[pair[1]] == people,
        "same file twice: each row processed once": sum(s["rows_processed"] for s in both) == people,
        "same file twice: the rest duplicates": sum(s["rows_with_errors"] for s in both) == people,
        "same file twice: contacts created once": sum(s["contacts_created"] for s in both) == people,
    }
    for name, one in (("shared gifts", gifts), ("tags", tags), ("twice 1", both[0]), ("twice 2", both[1])):
        print(f"{name}: {one['status']} at {one['stage']}, {one['rows_total']} rows, {one['rows_processed']} "
              f"processed, {one['rows_with_errors']} with errors; {one.get('failure_reason') or ''}")
    print(f"shared_gifts: {BLOCKS} batches × {people} gifts: {donations[shared]} donations written "
          f"({gifts['rows_processed']} processed, {gifts['rows_with_errors']} duplicates); "
          f"tags kept per contact {dict(tags_kept)} of {BLOCKS} ({tags['status']}, {tags['rows_processed']} "
          f"rows, {tags['contacts_created']} contacts created); one file twice at once: "
          f"{donations[pair[0]]} + {donations[pair[1]]} donations of {people} gifts; "
          f"{time.monotonic() - started:.1f} s")
    return [name for name, held in facts.items() if not held]
