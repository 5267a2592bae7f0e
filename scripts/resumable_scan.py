"""What the backfills share: the table an environment variable names, and a scan of it page by page that a run
interrupted resumes from its cursor file."""

import argparse
import json
import os
from collections.abc import Iterator
from pathlib import Path


def command_line(doc: str, name: str, variable: str) -> tuple[argparse.Namespace, str]:
    """A backfill's arguments (--cursor-file, default <name>.cursor; --page) and its table's name, from the
    environment variable (the only setting a backfill needs; settings() wants them all)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cursor-file", type=Path, default=Path(f"{name}.cursor"))
    parser.add_argument("--page", type=int, default=500)
    args = parser.parse_args()
    return args, os.environ.get(variable) or parser.error(f"{variable} must name the table")


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
