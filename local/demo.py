"""A demo import through the local stack, over HTTP as the Import page does it:
create the import, upload the file with the presigned POST, confirm the suggested mapping, wait, and print
the Past imports table.

    python -m local.demo [file.csv] [--type contacts]
"""

import argparse
import logging
from pathlib import Path

from .client import Client, past_imports_table
from .stack import LocalStack
from .template import ROOT


def run(stack_url: str, path: Path, import_type: str) -> dict:
    client = Client(stack_url)
    created = client.create_import(import_type, path.name)
    import_id = created["import"]["import_id"]
    client.upload(created["upload"], path, path.name)
    print(f"uploaded {path.name} as import {import_id}; waiting for the mapping step…")
    shown = client.wait(import_id, lambda i: i["stage"] != "awaiting_upload")
    if shown["stage"] == "mapping":
        preview = shown["preview"]
        print("suggested mapping:")
        for header, field in preview["suggested_mapping"].items():
            print(f"  {header!r:>20} -> {field or '(ignored)'}")
        for problem in preview["problems"]:
            print(f"  row {problem['row']}: {problem['field'] or 'row'}: {problem['reason']}")
        client.confirm_mapping(import_id, preview["suggested_mapping"])
    shown = client.wait_done(import_id)
    print(f"\n{shown['status']}: {shown['rows_total']} rows, {shown['rows_processed']} processed, "
          f"{shown['rows_with_errors']} with errors, {shown['contacts']} contacts "
          f"({shown['contacts_created']} created, {shown['contacts_updated']} updated)")
    if shown["error_file_url"]:
        print(f"error workbook: {shown['error_file_url'][:90]}…")
    print("\nPast imports\n" + past_imports_table(client.imports()))
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "samples" / "contacts.csv")
    parser.add_argument("--type", default="contacts", choices=["contacts", "donations", "pledges", "interactions"])
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    stack = LocalStack(port=0, log_level="WARNING").start()
    try:
        run(stack.url, args.file, args.type)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
