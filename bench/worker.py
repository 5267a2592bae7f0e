"""One measurement per process, so that its peak RSS is its own: python -m bench.worker MODE --out result.json ...

Progress goes to stderr; the result is a JSON file. run.py starts these; they can be run by hand too.
"""

import argparse
import csv
import io
import json
import os
import sys
import time
from collections import Counter
from itertools import islice
from pathlib import Path

from . import data
from .measure import peak_rss_mb, rss_mb, vm_hwm_mb


def log(message: str) -> None:
    print(f"      {message}", file=sys.stderr, flush=True)


def bare_csv(args) -> dict:
    """The ceiling: csv.reader over the same file, every record, nothing else."""
    started = time.perf_counter()
    baseline = peak_rss_mb()
    with open(args.file, newline="", encoding="utf-8") as text:
        records = csv.reader(text)
        n = sum(1 for _ in (islice(records, args.limit + len(data.TITLE_LINES) + 1) if args.limit else records))
    seconds = time.perf_counter() - started
    return {"rows": n, "seconds": seconds, "rows_per_s": n / seconds, "baseline_rss_mb": baseline,
            "peak_rss_mb": peak_rss_mb()}


def validator(args) -> dict:
    """read_table + the validator's part (row_stream.stream_rows, the hot loop) with AWS answered by a stub:
    everything above the wire still runs (batches built with encode_rows and serialised for SendMessageBatch,
    whatever the loop writes to disk), only nothing is sent."""
    from .pipeline import STUB_ENV

    os.environ.update(STUB_ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    from donor_import.config import settings

    from .measure import ApiCalls, stub_answer
    from .pipeline import contacts_mapping, validate_rows

    settings.cache_clear()
    calls = ApiCalls(answer=stub_answer).install()
    from donor_import.domain.import_record import Import

    record = Import(org_id="org-bench", import_id="BENCH", stage="validating", status="In Progress",
                    import_type="contacts", mapping=contacts_mapping())
    # Clients are made on first use; make them now, so their one-off cost is not counted as validation.
    from donor_import.data import aws
    aws.client("sqs"), aws.client("s3"), aws.table(settings().imports_table)
    baseline = peak_rss_mb()
    profiler = None
    if args.profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    with calls.during("validate"):
        progress = validate_rows(Path(args.file), Path(args.file).name, args.limit, record)
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    counters = {k: v for k, v in progress.to_dict().items() if isinstance(v, int)}
    return {**counters, "seconds": seconds, "rows_per_s": progress.rows / seconds, "baseline_rss_mb": baseline,
            "peak_rss_mb": peak_rss_mb(), "aws_calls": calls.table("validate"), "mapping": record.mapping}


def xlsx_calamine(args) -> dict:
    """reader.read_table on the XLSX (python-calamine, as the project reads workbooks), every row."""
    from donor_import.domain.reader import check_expansion, read_table

    baseline = peak_rss_mb()
    started = time.perf_counter()
    table = read_table(args.file, "contacts.xlsx")
    n = sum(1 for _ in table.rows)
    seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    again = time.perf_counter()
    check_expansion(args.file)  # the zip-bomb check read_xlsx runs first: how much of the time it is
    return {"rows": n, "seconds": seconds, "rows_per_s": n / seconds, "baseline_rss_mb": baseline,
            "peak_rss_mb": peak, "check_expansion_seconds": time.perf_counter() - again}


def xlsx_openpyxl(args) -> dict:
    """openpyxl read-only mode: load_workbook(read_only=True), reset_dimensions(), values_only, every row."""
    from openpyxl import load_workbook

    baseline = peak_rss_mb()
    started = time.perf_counter()
    workbook = load_workbook(args.file, read_only=True)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    n = sum(1 for _ in sheet.iter_rows(values_only=True))
    workbook.close()
    seconds = time.perf_counter() - started
    return {"rows": n, "seconds": seconds, "rows_per_s": n / seconds, "baseline_rss_mb": baseline,
            "peak_rss_mb": peak_rss_mb()}


def agreement(args) -> dict:
    """For every row: the pipeline's verdict on the phone and email cells vs phonenumbers / email-validator."""
    from donor_import.domain.reader import read_table

    from .pipeline import pipeline_verdicts, reference_verdicts

    table = read_table(args.file, Path(args.file).name)
    phone_at, email_at = table.headers.index("Phone"), table.headers.index("E-mail Address")
    counts: Counter = Counter()
    examples: dict[str, list] = {"phone": [], "email": []}
    started = time.perf_counter()
    for number, cells in islice(table.rows, args.limit):
        counts["rows"] += 1
        ours = pipeline_verdicts(cells[phone_at], cells[email_at])
        theirs = reference_verdicts(cells[phone_at], cells[email_at])
        for kind, mine, reference, cell in zip(("phone", "email"), ours, theirs, (cells[phone_at], cells[email_at]),
                                               strict=True):
            if mine is None and reference is None:
                counts[f"{kind}_blank"] += 1
                continue
            counts[f"{kind}_checked"] += 1
            counts[f"{kind}_pipeline_rejects"] += mine is False
            counts[f"{kind}_reference_rejects"] += reference is False
            if mine != reference:
                counts[f"{kind}_disagree"] += 1
                if len(examples[kind]) < 10:
                    examples[kind].append({"row": number, "cell": cell, "pipeline": mine, "reference": reference})
    return {**{k: counts[k] for k in sorted(counts)}, "phone_disagree": counts["phone_disagree"],
            "email_disagree": counts["email_disagree"], "examples": examples,
            "seconds": time.perf_counter() - started}


def _first_rows_csv(path: Path, rows: int) -> bytes:
    """The title lines, header and first `rows` data rows of the CSV (csv-aware: notes hold line breaks)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    with open(path, newline="", encoding="utf-8") as text:
        records = csv.reader(text)
        for record in records:  # title lines and the header
            writer.writerow(record)
            if record and record[0] == data.HEADERS[0]:
                break
        writer.writerows(islice(records, rows))
    return out.getvalue().encode()


def processor(args) -> dict:
    """Under moto in-process: the validator on the first rows of the file (its AWS calls counted), then every
    batch message it sent straight into processor.process_batch (calls counted per service and operation)."""
    from .pipeline import TEST_ENV, contacts_mapping, moto_stack

    os.environ.update(TEST_ENV)
    import boto3

    from donor_import.config import settings
    from donor_import.data.stores import build
    from donor_import.domain.batch_message import BatchMessage
    from donor_import.domain.import_record import User
    from donor_import.services import import_api, intake, validation_run
    from donor_import.services import processor as processor_service
    from donor_import.services.ending import finalizer

    from .measure import ApiCalls

    csv_bytes = _first_rows_csv(Path(args.file), args.rows)
    with moto_stack():
        calls = ApiCalls().install()
        stores = build()
        created = import_api.create_import(stores, "org-bench", User(sub="bench"), "contacts", "contacts.csv",
                                        contacts_mapping(), None)
        key, import_id = created["upload"]["fields"]["key"], created["import"]["import_id"]
        boto3.client("s3").put_object(Bucket=settings().files_bucket, Key=key, Body=csv_bytes)
        log(f"validating {args.rows:,} rows under moto")
        started = time.perf_counter()
        with calls.during("validator"):
            intake.on_upload(stores, key)  # S3 event: the import has a mapping, so validation is queued
            validation_run.validate(stores, "org-bench", import_id)
        validate_seconds = time.perf_counter() - started
        sqs = boto3.client("sqs")  # Lambda's event source, not the pipeline: not counted
        messages = []
        with calls.during("event source"):
            while answer := sqs.receive_message(QueueUrl=settings().batch_queue_url,
                                                MaxNumberOfMessages=10).get("Messages"):
                messages += [json.loads(m["Body"]) for m in answer]
                sqs.delete_message_batch(QueueUrl=settings().batch_queue_url, Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(answer)])
        record = import_api.get_import(stores, "org-bench", import_id)
        if record.stage != "processing":
            raise RuntimeError(f"validation ended at stage {record.stage}: {record.failure_reason}")
        fed = sum(len(_rows(m)) for m in messages)
        log(f"{len(messages)} batches of {fed:,} rows; processing them")
        started = time.perf_counter()
        with calls.during("processor"):
            for n, message in enumerate(messages, start=1):
                processor_service.process_batch(stores, BatchMessage.model_validate(message))
                if n % 10 == 0:
                    log(f"{n}/{len(messages)} batches ({time.perf_counter() - started:.0f} s)")
        process_seconds = time.perf_counter() - started
        # The last batch flipped the import to finalizing and asked the finalizer, as on AWS: it runs here.
        began = time.perf_counter()
        with calls.during("finalize"):
            finalizer.on_finalize_request(stores, "org-bench", import_id, record.attempt)
        finalize_seconds = [time.perf_counter() - began]
        done = import_api.get_import(stores, "org-bench", import_id)
    return {
        "input_rows": record.rows_total, "rows_in_batches": fed,
        "batches": len(messages), "validate_seconds": validate_seconds, "process_seconds": process_seconds,
        "finalize_seconds": sum(finalize_seconds), "rows_per_s": fed / process_seconds,
        "status": done.status.value, "rows_processed": done.rows_processed, "rows_failed": done.rows_failed,
        "contacts_created": done.contacts_created, "contacts_updated": done.contacts_updated,
        "validator_calls": calls.table("validator"), "processor_calls": calls.table("processor"),
        "finalize_calls": calls.table("finalize"),
    }


def _rows(message: dict) -> list:
    from donor_import.domain.batch_message import decode_rows

    return decode_rows(message["rows"])


def e2e(args) -> dict:
    """A whole import on the local stack over HTTP: create with a mapping, upload by the presigned POST (streamed),
    wait until it is no longer In Progress, or until --timeout (then the numbers so far are reported)."""
    import requests

    from local.client import Client
    from local.stack import LocalStack
    from local.template import load

    from .measure import ApiCalls, MultipartUpload

    path = Path(args.file)
    size = path.stat().st_size
    # The template's MaxUploadBytes, raised for this run only if a --rows file is bigger.
    limit = max(int(load()["Parameters"]["MaxUploadBytes"]["Default"]), size + 1024 * 1024)
    calls = ApiCalls().install()
    begun = time.monotonic()
    # "template": the template's (BatchQueue 720 s, ValidationQueue 5400 s, as in AWS); or a number of seconds.
    visibility = None if args.visibility_timeout == "template" else int(args.visibility_timeout)
    runs, counting = _count_invocations()
    stack = LocalStack(port=0, log_level="CRITICAL", env={"MAX_UPLOAD_BYTES": str(limit)},
                       visibility_timeout=visibility, prepare=counting).start()
    log(f"local stack up in {time.monotonic() - begun:.1f} s at {stack.url}")
    from .pipeline import contacts_mapping  # after the stack set the environment the modules log with

    try:
        client = Client(stack.url)
        created = client.create_import("contacts", "contacts.csv", contacts_mapping())
        import_id = created["import"]["import_id"]
        upload = created["upload"]
        started = time.monotonic()
        body = MultipartUpload(upload["fields"], path, "contacts.csv", upload["fields"].get("Content-Type", "text/csv"))
        answer = requests.post(upload["url"], data=body, headers={"Content-Type": body.content_type}, timeout=600)
        if answer.status_code not in (200, 201, 204):
            raise RuntimeError(f"upload refused: {answer.status_code} {answer.text[:300]}")
        uploaded = time.monotonic() - started
        log(f"uploaded {size / 2**20:.0f} MB in {uploaded:.1f} s; waiting (at most {args.timeout:.0f} s)")
        stages: dict[str, float] = {}
        shown, last_log = {}, 0.0
        while True:
            shown = client.get_import(import_id)
            now = time.monotonic() - started
            stages.setdefault(shown["stage"], round(now, 1))
            if shown["status"] != "In Progress" or now > args.timeout:
                break
            if time.monotonic() - last_log > 30:
                last_log = time.monotonic()
                log(f"{now:5.0f} s  stage {shown['stage']:<10} validated {shown.get('rows_validated') or 0:>9,}  "
                    f"processed {shown.get('rows_processed') or 0:>9,}  "
                    f"batches {shown.get('batches_done') or 0}/{shown.get('batches_total') or '?'}")
            time.sleep(2)
        wall = time.monotonic() - started
        log(f"{wall:5.0f} s  {shown['status']} at stage {shown['stage']}: processed {shown.get('rows_processed'):,}")
    except BaseException:
        import traceback
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)  # no stack.stop(): see main()
    peak = peak_rss_mb()
    return {
        "rows": args.rows, "bytes": size, "max_upload_bytes": limit, "upload_seconds": uploaded,
        "wall_seconds": wall, "timed_out": shown.get("status") == "In Progress", "timeout_seconds": args.timeout,
        "status": shown.get("status"), "stage": shown.get("stage"), "failure_reason": shown.get("failure_reason"),
        "rows_total": shown.get("rows_total"), "rows_validated": shown.get("rows_validated"),
        "rows_processed": shown.get("rows_processed"), "rows_with_errors": shown.get("rows_with_errors"),
        "contacts": shown.get("contacts"), "contacts_created": shown.get("contacts_created"),
        "contacts_updated": shown.get("contacts_updated"), "batches_done": shown.get("batches_done"),
        "batches_total": shown.get("batches_total"), "error_file": bool(shown.get("error_file_url")),
        "stage_reached_at": stages, "peak_rss_mb": peak, "aws_calls": calls.table(),
        "visibility_timeout": stack.visibility_timeout, "invocations": runs,
    }


def _count_invocations():
    """Count the validator's validation requests ("validate") and the processor's batches, and how many ran at
    once: (the counts, a prepare(module) for the local stack that wraps what each handler module calls)."""
    import threading

    from local.wrapping import Override

    runs = {"validate": 0, "validate_at_once": 0, "process_batch": 0, "process_batch_at_once": 0}
    active = Counter()
    lock = threading.Lock()

    def counted(name, function):
        def wrapper(*args, **kwargs):
            with lock:
                runs[name] += 1
                active[name] += 1
                runs[f"{name}_at_once"] = max(runs[f"{name}_at_once"], active[name])
            try:
                return function(*args, **kwargs)
            finally:
                with lock:
                    active[name] -= 1

        return wrapper

    def prepare(module) -> None:
        if module.__name__.startswith("local_ValidatorFunction_"):
            service = module.validator
            module.validator = Override(service, on_validation_request=counted("validate",
                                                                               service.on_validation_request))
        elif module.__name__.startswith("local_ProcessorFunction_"):
            module.process_batch = counted("process_batch", module.process_batch)

    return runs, prepare


MODES = {"bare": bare_csv, "validator": validator, "xlsx-calamine": xlsx_calamine, "xlsx-openpyxl": xlsx_openpyxl,
         "agreement": agreement, "processor": processor, "e2e": e2e}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("--file", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--limit", type=int, default=None, help="data rows to read (all when absent)")
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--profile", default=None, help="validator: write cProfile stats here")
    parser.add_argument("--visibility-timeout", default="template",
                        help="e2e: queue visibility timeout: template (the template's), or seconds")
    args = parser.parse_args()
    result = MODES[args.mode](args)
    result["rss_at_exit_mb"] = rss_mb()
    result["vm_hwm_mb"] = vm_hwm_mb()
    Path(args.out).write_text(json.dumps(result, indent=1, default=str))
    if args.mode == "e2e":
        # The local stack's threads may be busy (a timed-out import) and its process holds gigabytes: stopping it
        # and tearing the interpreter down took two minutes after a 1M-row run. Its state lives in this process
        # only, so leave at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


if __name__ == "__main__":
    main()
