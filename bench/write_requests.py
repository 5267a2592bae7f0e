"""AWS requests the processor makes per 1,000 rows, by operation, for the writes that decide identity:
donations of new contacts (each gift claimed), contacts whose profiles are updated in place, and contacts
with every match key (external id, email, phone) claimed when new and looked up when matched.

    python -m bench.write_requests [--rows 5000] [--kind donations|contacts|keyed|all]

Under moto in-process: the validator cuts the file into batches (not counted), then every batch goes through
process_batch one after another; requests are counted as the code asks for them (bench/measure.ApiCalls).
"""

import argparse
import json
import os
from pathlib import Path

from .measure import ApiCalls
from .pipeline import TEST_ENV, moto_stack

FILES = {
    # A new donor a row; every third gift carries a transaction id (two gift keys to claim).
    "donations": ("donations", "Email,First Name,Amount,Date,Transaction",
                  {"Email": "email", "First Name": "first_name", "Amount": "amount", "Date": "date",
                   "Transaction": "transaction_id"},
                  lambda n: f"donor{n}@example.org,Donor{n},{n % 90 + 10}.00,2026-03-{n % 28 + 1:02d},"
                            f"{f'T{n}' if n % 3 == 0 else ''}"),
    # A new contact a row, with tags; the second pass updates the same contacts (new tags, names).
    "contacts": ("contacts", "Email,First Name,Tags", {"Email": "email", "First Name": "first_name", "Tags": "tags"},
                 lambda n: f"person{n}@example.org,Person{n},a;b{n % 7}"),
    # A new contact a row with three keys to claim; the second pass matches every row by them.
    "keyed": ("contacts", "Member,Email,Phone,First Name",
              {"Member": "external_id", "Email": "email", "Phone": "phone", "First Name": "first_name"},
              lambda n: f"M-{n},member{n}@example.org,+1650253{n % 10000:04d},Member{n}"),
}


def measure(kind: str, rows: int) -> dict:
    os.environ.update(TEST_ENV)
    import boto3

    from donor_import.config import settings
    from donor_import.data.stores import build
    from donor_import.domain.batch_message import BatchMessage
    from donor_import.domain.import_record import User
    from donor_import.services import import_api, intake, validation_run
    from donor_import.services.ending import finalizer
    from donor_import.services.processor import process_batch

    import_type, header, mapping, line = FILES[kind]
    data = ("\n".join([header, *(line(n) for n in range(rows))]) + "\n").encode()
    found = {}
    with moto_stack():
        calls = ApiCalls().install()
        stores = build()
        for run in ("first import", "same rows again"):
            # the first import has ended, so the same content is not refused the second time
            created = import_api.create_import(stores, "org-bench", User(sub="bench"), import_type, f"{kind}.csv",
                                               mapping, None)
            key, import_id = created["upload"]["fields"]["key"], created["import"]["import_id"]
            boto3.client("s3").put_object(Bucket=settings().files_bucket, Key=key, Body=data)
            intake.on_upload(stores, key)
            validation_run.validate(stores, "org-bench", import_id)
            sqs, messages = boto3.client("sqs"), []
            while answer := sqs.receive_message(QueueUrl=settings().batch_queue_url,
                                                MaxNumberOfMessages=10).get("Messages"):
                messages += [BatchMessage.model_validate_json(m["Body"]) for m in answer]
                sqs.delete_message_batch(QueueUrl=settings().batch_queue_url, Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(answer)])
            with calls.during(run):
                for message in messages:
                    process_batch(stores, message)
            # The last batch asked for the import's ending (FinalizeQueue, on AWS): it runs here, uncounted.
            finalizer.on_finalize_request(stores, "org-bench", import_id, 1)
            done = import_api.get_import(stores, "org-bench", import_id)
            table = calls.table(run)
            table.pop("S3 GetObject", None)  # the finalization's reads of the batch files, once per import
            found[run] = {"per_1000": {op: n * 1000 / rows for op, n in table.items()},
                          "total_per_1000": sum(table.values()) * 1000 / rows,
                          "outcome": {k: getattr(done, k) for k in ("status", "rows_processed", "rows_failed",
                                                           "contacts_created", "contacts_updated")}}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--kind", choices=[*FILES, "all"], default="all")
    parser.add_argument("--out", type=Path, help="also write the numbers here, as JSON (for bench.run)")
    args = parser.parse_args()
    results = {kind: measure(kind, args.rows) for kind in (FILES if args.kind == "all" else [args.kind])}
    if args.out:
        args.out.write_text(json.dumps(results, default=str))
    for kind, runs in results.items():
        for run, found in runs.items():
            print(f"\n{kind}, {run} ({args.rows:,} rows): {found['total_per_1000']:.1f} requests per 1,000 rows; "
                  f"{found['outcome']}")
            for op, n in found["per_1000"].items():
                print(f"  {op}: {n:.1f}")


if __name__ == "__main__":
    main()
