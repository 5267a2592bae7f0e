"""What the backfills share: the table an environment variable names, and a scan of it page by page that a run
interrupted resumes from its cursor file."""

import argparse
import json
import os
from collections.abc import Iterator
from pathlib import Path


def table_named_by(parser: argparse.ArgumentParser, variable: str) -> str:
    """The table's name from the environment (the only setting a backfill needs; settings() wants them all)."""
    return os.environ.get(variable) or parser.error(f"{variable} must name the table")


def pages(table, condition, cursor_file: Path, page: int) -> Iterator[list[dict]]:
    """The items meeting the condition, a page at a time, from the scan's position saved in cursor_file: each page's
    end is saved when the caller asks for the next page (so a page it did not finish is read again), and the file
    is removed after the last."""
    start = json.loads(cursor_file.read_text()) if cursor_file.exists() else None
    while True:
        scan = {"FilterExpression": condition, "Limit": page, "ConsistentRead": True}
        answer = table.scan(**scan, **({"ExclusiveStartKey": start} if start else {}))
        yield answer["Items"]
        start = answer.get("LastEvaluatedKey")
        if not start:
            cursor_file.unlink(missing_ok=True)
            return
        cursor_file.write_text(json.dumps(start))
