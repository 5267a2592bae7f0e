"""The import pipeline's benchmarks in one run: `make bench`, or python -m bench.run [--rows N] [--skip-e2e].

Generates (or reuses) the data files under test-output/bench/, measures each piece in a fresh subprocess
(bench/worker.py), prints a markdown report and writes it to bench/RESULTS.md. Numbers only: nothing here fails
on a target; the report says which targets are met.
"""

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from local.template import load

from . import DATA_DIR, RESULTS, ROOT, data

PACKAGES = ["boto3", "botocore", "moto", "pydantic", "pydantic-core", "phonenumbers", "email-validator",
            "python-calamine", "openpyxl", "aws-lambda-powertools", "requests"]
SMALL = 100_000
XLSX_ROWS = 100_000
PROCESSOR_ROWS = 20_000
TARGETS = {"ratio": 0.15, "rss_spread": 0.10, "rss_max_mb": 128, "requests_per_1000": 60,
           "new_contacts_per_1000": 80, "matched_contacts_per_1000": 40}
MATCHING_ROWS = 20_000  # issue 15's compute target is measured on these (half new, half stored people)
KEYED_ROWS = 2_000  # contacts with an external id, an email and a phone each: every key claimed, then matched
# Operations that set the local stack up or stand in for Lambda's event sources: not the pipeline's requests.
NOT_PIPELINE = {"DynamoDB CreateTable", "S3 CreateBucket", "S3 PutBucketCors", "S3 PutBucketLifecycleConfiguration",
                "S3 PutBucketNotificationConfiguration", "S3 PutPublicAccessBlock", "S3 PutBucketEncryption",
                "S3 PutBucketOwnershipControls", "S3 PutBucketPolicy", "SQS CreateQueue", "SQS GetQueueAttributes",
                "SQS SetQueueAttributes", "SQS ReceiveMessage", "SQS DeleteMessageBatch", "SQS DeleteMessage",
                "DynamoDB UpdateTimeToLive", "DynamoDB UpdateContinuousBackups"}


def say(message: str) -> None:
    print(message, flush=True)


class Bench:
    def __init__(self, args):
        self.args = args
        self.started = time.monotonic()
        self.results: dict = {}
        self.steps: list[tuple[str, float]] = []
        self.files: dict = {}
        self.when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        self.load_at_start = _load_average()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def step(self, name: str, action) -> None:
        say(f"\n[{self.elapsed():6.0f} s] {name}")
        began = time.monotonic()
        try:
            action()
        except Exception as error:  # a broken measurement is reported, the others still run
            say(f"      FAILED: {error}")
            self.results.setdefault("errors", []).append(f"{name}: {error}")
        seconds = time.monotonic() - began
        self.steps.append((name, seconds))
        say(f"      done in {seconds:.1f} s")
        RESULTS.write_text(self.render())  # after every step, so a run cut short still leaves its numbers

    def worker(self, mode: str, file: Path, **options) -> dict:
        """One measurement in a fresh process; its stdout (Powertools' metric lines) goes to a log file."""
        out = DATA_DIR / f"result-{mode}-{options.get('limit') or options.get('rows') or 'all'}.json"
        out.unlink(missing_ok=True)
        command = [sys.executable, "-m", "bench.worker", mode, "--file", str(file), "--out", str(out)]
        for name, value in options.items():
            if value is not None:
                command += [f"--{name}", str(value)]
        with open(DATA_DIR / f"worker-{mode}.log", "w") as log:
            done = subprocess.run(command, cwd=ROOT, stdout=log, stderr=sys.stderr, check=False)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"worker {mode} exited with {done.returncode} (see the lines above)")
        return json.loads(out.read_text())

    # --- the steps ------------------------------------------------------------------------------------------

    def generate(self) -> None:
        for kind, rows in (("csv", self.args.rows), ("xlsx", min(XLSX_ROWS, self.args.rows))):
            out = DATA_DIR / f"manifest-{kind}.json"
            out.unlink(missing_ok=True)
            command = [sys.executable, "-m", "bench.data", kind, "--rows", str(rows), "--seed", str(self.args.seed),
                       "--out", str(out)]
            subprocess.run(command, cwd=ROOT, check=True)
            found = json.loads(out.read_text())
            path, manifest, made = Path(found["path"]), found["manifest"], found["made"]
            say(f"      {kind.upper():<4} {path.name}: {manifest['rows']:,} rows, {manifest['bytes'] / 2**20:.0f} MB "
                + (f"(generated in {manifest['seconds']} s)" if made else "(cached)"))
            self.files[kind] = (path, manifest, made)

    def sizes(self) -> list[int]:
        rows = self.args.rows
        small = SMALL if rows > SMALL else max(rows // 10, 1)
        return [small, rows]

    def validator(self) -> None:
        csv_file = self.files["csv"][0]
        for size in self.sizes():
            limit = size if size < self.args.rows else None
            bare = self.worker("bare", csv_file, limit=limit)
            say(f"      bare csv.reader {size:>9,} rows: {bare['rows_per_s']:>10,.0f} rows/s")
            measured = self.worker("validator", csv_file, limit=limit)
            say(f"      validator       {size:>9,} rows: {measured['rows_per_s']:>10,.0f} rows/s, "
                f"peak RSS {measured['peak_rss_mb']:.0f} MB")
            self.results.setdefault("validator", {})[size] = {"bare": bare, "validator": measured}

    def agreement(self) -> None:
        rows = min(SMALL, self.args.rows)
        found = self.worker("agreement", self.files["csv"][0], limit=rows)
        say(f"      {rows:,} rows: phone disagreements {found['phone_disagree']}, "
            f"email disagreements {found['email_disagree']}")
        self.results["agreement"] = found

    def xlsx(self) -> None:
        path = self.files["xlsx"][0]
        for mode in ("xlsx-calamine", "xlsx-openpyxl"):
            found = self.worker(mode, path)
            say(f"      {mode:<14} {found['rows']:,} rows: {found['rows_per_s']:,.0f} rows/s, "
                f"peak RSS {found['peak_rss_mb']:.0f} MB")
            self.results[mode] = found

    def processor(self) -> None:
        rows = min(self.args.processor_rows, self.args.rows)
        found = self.worker("processor", self.files["csv"][0], rows=rows)
        say(f"      {found['rows_in_batches']:,} rows in {found['batches']} batches: {found['rows_per_s']:,.0f} rows/s "
            f"(moto in-process), {_per_1000(found['processor_calls'], found['rows_in_batches']):.1f} requests "
            "per 1,000 rows")
        self.results["processor"] = found

    def matching(self) -> None:
        out = DATA_DIR / "result-matching.json"
        self._module("bench.matching", "--rows", str(min(MATCHING_ROWS, self.args.rows)), "--profile",
                     "--ledger-rows", "100000", "--out", str(out))
        found = self.results["matching"] = json.loads(out.read_text())
        say(f"      processor compute with matching: {found['rows'] / found['processor_seconds']:,.0f} rows/s")
        out = DATA_DIR / "result-keyed-requests.json"
        self._module("bench.write_requests", "--kind", "keyed", "--rows", str(KEYED_ROWS), "--out", str(out))
        self.results["keyed_requests"] = json.loads(out.read_text())["keyed"]

    def _module(self, module: str, *arguments: str) -> None:
        with open(DATA_DIR / f"{module}.log", "w") as log:
            done = subprocess.run([sys.executable, "-m", module, *arguments], cwd=ROOT, stdout=log,
                                  stderr=sys.stderr, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{module} exited with {done.returncode} (see the lines above)")

    def e2e(self) -> None:
        timeout = self.args.e2e_timeout
        if timeout is None:  # what is left of the budget, less a margin for stopping the stack and the report
            timeout = max(120.0, self.args.budget_minutes * 60 - self.elapsed() - 45)
        say(f"      {self.args.rows:,} rows on the local stack; at most {timeout:.0f} s "
            f"(--e2e-timeout to change; the whole run aims at {self.args.budget_minutes} minutes)")
        self.results["e2e"] = self.worker("e2e", self.files["csv"][0], rows=self.args.rows, timeout=round(timeout),
                                          **{"visibility-timeout": self.args.e2e_visibility_timeout})

    def run(self) -> None:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        say(f"Benchmarks of the import pipeline: {self.args.rows:,} rows, seed {self.args.seed}"
            + (", no end-to-end run" if self.args.skip_e2e else ""))
        self.step("1. data files (cached by generator version, seed and rows)", self.generate)
        if "csv" not in self.files:
            raise SystemExit("no data file: nothing to measure")
        self.step("2a. validator vs bare csv.reader (a fresh process each)", self.validator)
        self.step("2b. verdict agreement: phone and email cells vs phonenumbers / email-validator", self.agreement)
        if "xlsx" in self.files:
            self.step("2c. XLSX: read_table (calamine) vs openpyxl read-only", self.xlsx)
        self.step("2d. processor under moto (in-process) and AWS requests per 1,000 rows", self.processor)
        self.step("2m. matching: processor compute with AWS stubbed, requests per 1,000 new and matched contacts",
                  self.matching)
        if not self.args.skip_e2e:
            self.step("2e. end-to-end import on the local stack", self.e2e)
        report = self.render()
        RESULTS.write_text(report)
        say("\n" + report)
        say(f"Written to {RESULTS.relative_to(ROOT)} after {self.elapsed():.0f} s.")

    # --- the report ----------------------------------------------------------------------------------------------

    def render(self) -> str:
        command = " ".join(["python -m bench.run", *sys.argv[1:]])
        lines = [f"# Import pipeline benchmarks ({self.when})", "", f"`{command}`", "",
                 *self._machine(), "", "## Results", "", *self._summary()]
        lines += ["", "## Details", "", *self._details()]
        if self.results.get("errors"):
            lines += ["", "## Failed measurements", "", *[f"- {e}" for e in self.results["errors"]]]
        lines += ["", "## Step timings", "", "| step | seconds |", "|---|---:|"]
        lines += [f"| {name} | {seconds:.1f} |" for name, seconds in self.steps]
        lines += [f"| **total** | **{self.elapsed():.1f}** |", ""]
        history = Path(__file__).with_name("HISTORY.md")
        if history.exists():
            lines += [history.read_text()]
        return "\n".join(lines)

    def _machine(self) -> list[str]:
        cpu = _cpu_model()
        memory = _mem_total_gib()
        versions = ", ".join(f"{name} {_version(name)}" for name in PACKAGES)
        return [f"- Machine: {cpu}, {os.cpu_count()} cores, {memory:.1f} GiB RAM, {platform.system()} "
                f"{platform.release()}",
                f"- Python {platform.python_version()} ({sys.executable})",
                f"- Load average (1, 5, 15 min) at the start {self.load_at_start}, now {_load_average()}: the machine "
                "is shared, other work running beside the bench slows it down",
                f"- Packages: {versions}",
                f"- Code measured: {_code_version()}"]

    def _summary(self) -> list[str]:
        rows = ["| | measurement | result | target | met |", "|---|---|---|---|---|"]
        validator = self.results.get("validator", {})
        for size, found in sorted(validator.items()):
            bare, ours = found["bare"], found["validator"]
            ratio = ours["rows_per_s"] / bare["rows_per_s"]
            target = f"≥ {TARGETS['ratio']:.0%} of bare" if size == max(validator) else ""
            rows.append(f"| a | validator, {size:,} rows (read_table + stream_rows, AWS stubbed) | "
                        f"{ours['rows_per_s']:,.0f} rows/s = {ratio:.1%} of bare csv.reader "
                        f"({bare['rows_per_s']:,.0f} rows/s); {ours['seconds']:.1f} s | {target} | "
                        f"{_met(ratio >= TARGETS['ratio']) if target else ''} |")
        if len(validator) == 2:
            small, big = (validator[k]["validator"]["peak_rss_mb"] for k in sorted(validator))
            spread = big / small - 1
            ok = abs(spread) <= TARGETS["rss_spread"] and max(small, big) < TARGETS["rss_max_mb"]
            sizes = sorted(validator)
            rows.append(f"| a | validator peak RSS, {sizes[0]:,} vs {sizes[1]:,} rows | {small:.0f} MB vs {big:.0f} MB "
                        f"({spread:+.1%}) | within ±{TARGETS['rss_spread']:.0%} and < {TARGETS['rss_max_mb']} MB "
                        f"| {_met(ok)} |")
        if found := self.results.get("agreement"):
            for kind in ("phone", "email"):
                rows.append(f"| b | {kind} verdicts that disagree with "
                            f"{'phonenumbers' if kind == 'phone' else 'email-validator'} ({found['rows']:,} rows) | "
                            f"{found[f'{kind}_disagree']} of {found[f'{kind}_checked']:,} non-blank cells "
                            f"({found[f'{kind}_pipeline_rejects']:,} rejected by the pipeline, "
                            f"{found[f'{kind}_reference_rejects']:,} by the library) | 0 | "
                            f"{_met(found[f'{kind}_disagree'] == 0)} |")
        for mode, label in (("xlsx-calamine", "read_table (python-calamine)"),
                            ("xlsx-openpyxl", "openpyxl read-only, values_only")):
            if found := self.results.get(mode):
                per_row = (found["peak_rss_mb"] - found["baseline_rss_mb"]) * 1024 / found["rows"]
                extra = (f"; check_expansion alone {found['check_expansion_seconds']:.1f} s"
                         if "check_expansion_seconds" in found else "")
                rows.append(f"| c | XLSX {found['rows']:,} rows, {label} | {found['rows_per_s']:,.0f} rows/s "
                            f"({found['seconds']:.1f} s{extra}); peak RSS {found['peak_rss_mb']:.0f} MB, "
                            f"{per_row:.2f} KB per row above the {found['baseline_rss_mb']:.0f} MB baseline | | |")
        if found := self.results.get("processor"):
            fed = found["rows_in_batches"]
            per_1000 = _per_1000(found["processor_calls"], fed)
            final = _per_1000(found["finalize_calls"], fed)
            rows.append(f"| d | processor, {fed:,} rows in {found['batches']} batches (moto in-process: moto's speed) "
                        f"| {found['rows_per_s']:,.0f} rows/s ({found['process_seconds']:.1f} s; finalize "
                        f"{found['finalize_seconds']:.1f} s) | | |")
            rows.append(f"| d | processor AWS requests per 1,000 rows | {per_1000:.1f} (+{final:.1f} for the "
                        f"finalization, spread over the rows) | ≤ {TARGETS['requests_per_1000']} | "
                        f"{_met(per_1000 <= TARGETS['requests_per_1000'])} |")
            validator_calls = _per_1000(found["validator_calls"], found["input_rows"])
            rows.append(f"| d | validator AWS requests per 1,000 rows ({found['input_rows']:,}-row run under moto) | "
                        f"{validator_calls:.2f} ({_top(found['validator_calls'], found['input_rows'])}) | | |")
        rows += self._matching_rows()
        if found := self.results.get("e2e"):
            rows.append(self._e2e_row(found))
        elif not self.args.skip_e2e:
            rows.append("| e | end-to-end | not run yet | | |")
        else:
            rows.append("| e | end-to-end | skipped (--skip-e2e) | | |")
        return rows

    def _matching_rows(self) -> list[str]:
        rows = []
        if found := self.results.get("matching"):
            rate = found["rows"] / found["processor_seconds"]
            parts = (f"validation alone {found['rows'] / found['validation_seconds']:,.0f} rows/s, matching alone "
                     f"{found['matched_rows'] / found['matching_seconds']:,.0f} rows/s")
            rows.append(f"| m | processor compute, {found['rows']:,} rows (half new, half stored people found by "
                        f"name and address), {found['batch_rows']} a batch, AWS stubbed, caches cold | "
                        f"{rate:,.0f} rows/s ({parts}) | ≥ {found['target']:,} rows/s | "
                        f"{_met(rate >= found['target'])} |")
        for run, target, label in (("first import", "new_contacts_per_1000", "new"),
                                   ("same rows again", "matched_contacts_per_1000", "matched")):
            if found := self.results.get("keyed_requests", {}).get(run):
                total = found["total_per_1000"]
                top = ", ".join(f"{op} {n:.1f}" for op, n in sorted(found["per_1000"].items(), key=lambda kv: -kv[1]))
                rows.append(f"| m | AWS requests per 1,000 {label} contacts, every key claimed (external id, email, "
                            f"phone; moto in-process) | {total:.1f} ({top}) | ≤ {TARGETS[target]} | "
                            f"{_met(total <= TARGETS[target])} |")
        return rows

    def _e2e_row(self, found: dict) -> str:
        processed = found.get("rows_processed") or 0
        done_rows = processed + (found.get("rows_with_errors") or 0)
        rate = done_rows / found["wall_seconds"] if found["wall_seconds"] else 0
        contacts = (f"contacts {found.get('contacts') or 0:,} ({found.get('contacts_created') or 0:,} created, "
                    f"{found.get('contacts_updated') or 0:,} updated)" if found["status"] != "In Progress"
                    else "contacts not counted yet (the finalization counts them)")
        counts = (f"rows_total {found.get('rows_total') or 0:,}, processed {processed:,}, with errors "
                  f"{found.get('rows_with_errors') or 0:,}, {contacts}, "
                  f"batches {found.get('batches_done')}/{found.get('batches_total')}")
        if found["timed_out"]:
            left = found["rows"] - done_rows
            projected = found["wall_seconds"] + (left / rate if rate else float("inf"))
            status = (f"**not finished after {found['wall_seconds']:.0f} s** (the run's time budget): still "
                      f"{found['status']} at stage {found['stage']}; {done_rows:,} rows through the processors at "
                      f"{rate:,.0f} rows/s, so about {projected / 60:.0f} min for all {found['rows']:,}")
        else:
            status = (f"{found['status']} in {found['wall_seconds']:.0f} s wall "
                      f"({found['rows'] / found['wall_seconds']:,.0f} rows/s)")
            if found.get("failure_reason"):
                status += f": {found['failure_reason']}"
        return (f"| e | end-to-end, {found['rows']:,}-row contacts CSV ({found['bytes'] / 2**20:.0f} MB) on the "
                f"local stack (moto server, processors as concurrent as template.yaml allows) | {status}; {counts}; "
                f"peak RSS "
                f"{found['peak_rss_mb']:,.0f} MB | | |")

    def _details(self) -> list[str]:
        out = []
        if "csv" in self.files:
            path, manifest, _ = self.files["csv"]
            counts = manifest["counts"]
            defects = ", ".join(f"{k.replace('_', ' ')} {counts.get(k, 0):,}" for k in data.DEFECTS)
            out += [f"**Data.** `{path.relative_to(ROOT)}`: {manifest['rows']:,} rows, "
                    f"{manifest['bytes'] / 2**20:.0f} MB, {len(data.HEADERS)} columns, two title lines above the "
                    f"header; {counts.get('duplicate_by_email', 0):,} rows repeat an earlier person's email in another "
                    f"case; defects on purpose: {defects}. The XLSX holds the same first rows with real dates and "
                    "numbers where Excel would have them. Mapping (contacts): "
                    + ", ".join(f"{h} → {f or '(ignored)'}" for h, f in _mapping(self.results).items())
                    + ". Contacts have no date, amount or source field, so the negative amounts and impossible dates "
                    "are in ignored columns and reject nothing.", ""]
        validator = self.results.get("validator", {})
        if validator:
            out += ["**Validator runs** (each a fresh process; baseline = peak RSS after imports, before reading; "
                    "peak RSS is ru_maxrss, VmHWM the kernel's high-water mark of the process image, which a child "
                    "does not inherit from its parent as it does ru_maxrss: the two agree when the parent is small):",
                    "", "| rows | validator s | rows/s | baseline RSS | peak RSS | VmHWM | batches | "
                    "AWS calls (stubbed) | bare s | bare rows/s | bare peak RSS |",
                    "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
            for size, found in sorted(validator.items()):
                ours, bare = found["validator"], found["bare"]
                out.append(f"| {size:,} | {ours['seconds']:.2f} | {ours['rows_per_s']:,.0f} | "
                           f"{ours['baseline_rss_mb']:.0f} MB | {ours['peak_rss_mb']:.0f} MB | "
                           f"{ours.get('vm_hwm_mb', 0):.0f} MB | "
                           f"{ours.get('batches', '')} | "
                           f"{_calls(ours['aws_calls'])} | {bare['seconds']:.2f} | {bare['rows_per_s']:,.0f} | "
                           f"{bare['peak_rss_mb']:.0f} MB |")
            out.append("")
        if found := self.results.get("agreement"):
            examples = [e for kind in ("phone", "email") for e in found["examples"][kind]]
            out += [f"**Agreement** ({found['seconds']:.0f} s): blank cells are not judged (phone "
                    f"{found.get('phone_blank', 0):,}, email {found.get('email_blank', 0):,}); the libraries are "
                    "given the cell stripped, as the pipeline reads it."
                    + (" Disagreements: " + "; ".join(f"row {e['row']} `{e['cell']}` pipeline {e['pipeline']} "
                                                      f"library {e['reference']}" for e in examples[:10])
                       if examples else ""), ""]
        if found := self.results.get("processor"):
            fed = found["rows_in_batches"]
            out += [f"**Processor run**: {found['input_rows']:,} rows validated under moto in "
                    f"{found['validate_seconds']:.1f} s, {found['batches']} batch messages from the validator fed to "
                    f"process_batch one after another; import {found['status']}, {found['rows_processed']:,} rows "
                    f"processed, {found.get('rows_failed') or 0:,} failed, {found['contacts_created']:,} contacts "
                    f"created, {found['contacts_updated']:,} updated.", "",
                    "| AWS requests | validator (whole run) | per 1,000 rows | processor (all batches) | "
                    "per 1,000 rows | finalize (once) |", "|---|---:|---:|---:|---:|---:|"]
            names = sorted(set(found["validator_calls"]) | set(found["processor_calls"]) | set(found["finalize_calls"]))
            for name in names:
                v, p, f = (found[k].get(name, 0) for k in ("validator_calls", "processor_calls", "finalize_calls"))
                out.append(f"| {name} | {v} | {v * 1000 / found['input_rows']:.2f} | {p} | {p * 1000 / fed:.1f} | "
                           f"{f} |")
            v, p, f = (sum(found[k].values()) for k in ("validator_calls", "processor_calls", "finalize_calls"))
            out += [f"| **total** | {v} | {v * 1000 / found['input_rows']:.2f} | {p} | {p * 1000 / fed:.1f} | {f} |",
                    ""]
        if found := self.results.get("matching"):
            out += ["**Processor compute with matching** (bench/matching.py; cProfile of the timed run, the project's "
                    "functions and the in-memory stores by cumulative time):", "", "```", found.get("profile", ""),
                    "```", ""]
        if found := self.results.get("e2e"):
            pipeline = {k: v for k, v in found["aws_calls"].items() if k not in NOT_PIPELINE}
            others = {k: v for k, v in found["aws_calls"].items() if k in NOT_PIPELINE}
            done_rows = (found.get("rows_processed") or 0) + (found.get("rows_with_errors") or 0)
            stages = ", ".join(f"{stage} at {at:.0f} s" for stage, at in found["stage_reached_at"].items())
            raised = ""
            if found["max_upload_bytes"] > int(load()["Parameters"]["MaxUploadBytes"]["Default"]):
                raised = (f"; MAX_UPLOAD_BYTES raised to {found['max_upload_bytes'] / 2**20:.0f} MB for this run, "
                          "the template's MaxUploadBytes being smaller than the file")
            runs = found.get("invocations") or {}
            deliveries = runs.get("process_batch", found["aws_calls"].get("DynamoDB TransactWriteItems", 0))
            batches = found.get("batches_done") or 0
            redelivered = (f" Validator runs: {runs.get('validate', '?')} (at most {runs.get('validate_at_once', '?')} "
                           f"at once); processor batch deliveries: {deliveries:,} for {batches:,} batches counted "
                           f"(at most {runs.get('process_batch_at_once', '?')} at once"
                           + ("; some were still running when the wait ended" if found["timed_out"] else "")
                           + "): a batch delivered more than once does its reads and writes again (the batch marker "
                           "only keeps it from being counted twice). Queue visibility timeout: "
                           + (f"{found['visibility_timeout']} s." if found.get("visibility_timeout")
                              else "the template's (BatchQueue 720 s, ValidationQueue 5400 s)."))
            out += [f"**End-to-end**: upload {found['upload_seconds']:.1f} s (streamed multipart POST{raised}); "
                    f"stages seen (seconds from upload start, polled every 2 s): {stages}. Rows with errors: "
                    f"{found.get('rows_with_errors') or 0:,}; error workbook "
                    f"{'written' if found.get('error_file') else 'not written'}; peak RSS of the stack's process "
                    f"(moto server, API, validator, processors) {found['peak_rss_mb']:,.0f} MB.{redelivered}", "",
                    f"AWS requests in the whole process (pipeline code; {done_rows:,} rows through the processors): "
                    + ", ".join(f"{k} {v:,}" + (f" ({v * 1000 / done_rows:.1f}/1k rows)" if done_rows else "")
                                for k, v in sorted(pipeline.items(), key=lambda kv: -kv[1]))
                    + ". Set-up and Lambda event-source calls, not counted above: "
                    + ", ".join(f"{k} {v:,}" for k, v in sorted(others.items(), key=lambda kv: -kv[1])) + ".", ""]
        return out


def _per_1000(calls: dict, rows: int) -> float:
    return sum(calls.values()) * 1000 / rows if rows else 0.0


def _top(calls: dict, rows: int) -> str:
    return ", ".join(f"{k} {v * 1000 / rows:.2f}" for k, v in sorted(calls.items(), key=lambda kv: -kv[1]))


def _calls(calls: dict) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in calls.items()) or "none"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _mapping(results: dict) -> dict:
    """The mapping the validator runs used (reported by the worker: this process imports none of the project)."""
    for found in results.get("validator", {}).values():
        if found["validator"].get("mapping"):
            return found["validator"]["mapping"]
    return {}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _mem_total_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return 0.0


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _code_version() -> str:
    """The commit checked out (read from .git, no git command) and a hash of the layer's sources as they are
    now, so uncommitted changes show."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "layers" / "common" / "donor_import").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    commit = "unknown"
    try:
        head = (ROOT / ".git" / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = ROOT / ".git" / head[5:]
            commit = ref.read_text().strip()[:12] if ref.exists() else head[5:]
        else:
            commit = head[:12]
    except OSError:
        pass
    return f"commit {commit}, layers/common/donor_import sources sha256 {digest.hexdigest()[:12]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the big CSV (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=data.DEFAULT_SEED)
    parser.add_argument("--skip-e2e", action="store_true", help="leave out the end-to-end import on the local stack")
    parser.add_argument("--processor-rows", type=int, default=PROCESSOR_ROWS,
                        help="rows fed to the processor under moto (default 20,000)")
    parser.add_argument("--e2e-timeout", type=float, default=None,
                        help="seconds the end-to-end import may take (default: what is left of --budget-minutes)")
    parser.add_argument("--e2e-visibility-timeout", default="template",
                        help="the queues' visibility timeout in the end-to-end run: template (default: the "
                             "template's, BatchQueue 720 s and ValidationQueue 5400 s, as in AWS), or seconds")
    parser.add_argument("--budget-minutes", type=float, default=19.0,
                        help="the whole run's time budget; the end-to-end step gets what is left (default 19)")
    args = parser.parse_args()
    if args.rows < 1000:
        parser.error("--rows must be at least 1000")
    Bench(args).run()


if __name__ == "__main__":
    main()
