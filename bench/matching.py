"""The processor's compute on one core, with matching: python -m bench.matching [--rows N] [--profile] [--out F].

Realistic rows — half new people, half a stored contact's row without its email, phone and id (so it is found by
name and address and scored) — go through process_batch in batches of the configured size against in-memory
stores (AWS stubbed), the stored people imported first; every cache is emptied before a timed run, as in a fresh
Lambda, and the heap settled as the processor's handler settles it once loaded (donor_import.heap: the set-up,
which in AWS is the tables', is left out of collections). Then, on the same rows, row validation alone and
matching alone (`exact_keys + blocking_keys + decide` against an in-memory world of the stored contacts); with
--profile, a cProfile of the processor run. Also the similarity libraries measured against each other, nameparser
against the plain name rules, and the file ledger's bytes per external id. Prints numbers; nothing here fails on
a target."""

import argparse
import cProfile
import functools
import gc
import io
import json
import pstats
import random
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path

from donor_import import heap, telemetry
from donor_import.config import Settings
from donor_import.domain.batch_message import BatchMessage, encode_rows
from donor_import.domain.import_record import Import
from donor_import.domain.import_types import ImportType
from donor_import.domain.mapping import compile_mapping
from donor_import.domain.matching import names
from donor_import.domain.matching.decisions import decide
from donor_import.domain.matching.keys import blocking_keys, claimable_keys, exact_keys
from donor_import.domain.matching.ledger import SLOT, FileLedger
from donor_import.domain.matching.rules import MatchRule, UpdateMode
from donor_import.domain.row_validation import Options, Rejected, RowValidator
from donor_import.services.processor import process_batch

from . import ROOT, data

TARGET = 15_000  # rows/s of processor compute with validation and matching (issue 15)
ORG = "org-bench"
BATCH_ROWS = Settings.model_fields["batch_rows"].default  # the template leaves the processors' batch size at it
IDENTIFIERS = ("email", "phone", "external_id")


def _validator() -> RowValidator:
    return RowValidator(ImportType.CONTACTS, compile_mapping(data.CONTACT_MAPPING, data.HEADERS),
                        Options().to_dict())


def _cells(count: int, seed: int) -> list[list[str]]:
    people = data._Generator(seed).rows()
    return [data.csv_cells(next(people)) for _ in range(count)]


def _records(validator: RowValidator, rows: list[list[str]]) -> list[dict]:
    return [r.record for n, cells in enumerate(rows) if not isinstance(r := validator.validate(n, cells), Rejected)]


class World:
    """Stored contacts and the keys they hold: what the write path would read from DynamoDB."""

    def __init__(self, contacts: list[dict]):
        self.profiles, self.holders = {}, {}
        for number, profile in enumerate(contacts):
            self.profiles[f"c{number}"] = profile
            for key in claimable_keys(profile, MatchRule.STANDARD):
                self.holders.setdefault(key, f"c{number}")


def _workload(rows: int, seed: int) -> tuple[list[list[str]], World, list[list[str]]]:
    """`rows` file rows: half new people, half stored people's rows stripped of their identifiers; the stored
    people, and the rows they were imported from."""
    validator = _validator()
    stored_cells = _cells(rows // 2, seed + 1)
    world = World(_records(validator, stored_cells))
    matching = [[("" if data.HEADERS[i] in ("Constituent ID", "E-mail Address", "Phone") else cell)
                 for i, cell in enumerate(cells)] for cells in stored_cells]
    new = [[f"N{cells[0]}" if cells[0] else "", *cells[1:]] for cells in _cells(rows - len(matching), seed)]
    mixed = new + matching  # the new people's ids apart from the stored ones' (one generator numbers them alike)
    random.Random(seed).shuffle(mixed)
    return mixed, world, stored_cells


def match_all(records: list[dict], world: World) -> dict[str, int]:
    outcomes: dict[str, int] = {}
    holders, profiles = world.holders, world.profiles
    for person in records:
        keys = exact_keys(person, MatchRule.STANDARD) + blocking_keys(person, MatchRule.STANDARD)
        held = {key: holders[key] for key in keys if key in holders}
        decision = decide(person, MatchRule.STANDARD, UpdateMode.UPDATE, held,
                          {c: profiles[c] for c in held.values()})
        kind = type(decision).__name__
        outcomes[kind] = outcomes.get(kind, 0) + 1
    return outcomes


def _rate(count: int, seconds: float) -> str:
    """Per CPU second of this process (the machine may be shared: wall time would count other processes)."""
    return f"{count / seconds:,.0f} rows/s ({seconds / count * 1e6:.1f} µs a row, CPU time)"


def _profile(call, top: int = 30) -> str:
    """The project's functions (and the in-memory stores') by cumulative time: where a row's time goes."""
    profiler = cProfile.Profile()
    profiler.runcall(call)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats("donor_import|fakes", top)
    kept = [line.replace(str(ROOT) + "/", "") for line in out.getvalue().splitlines() if line.strip()]
    return "\n".join(kept[kept.index(next(x for x in kept if "ncalls" in x)):])


def similarity_libraries() -> None:
    import jellyfish
    from rapidfuzz.distance import JaroWinkler

    pairs = [("jon", "john"), ("catherine", "katherine"), ("smith", "smyth"), ("john", "jane"), ("steven", "stephen"),
             ("mcdonald", "macdonald"), ("lovelace", "lovelase"), ("main st", "maine st")]
    agree = sum(abs(JaroWinkler.similarity(a, b) - jellyfish.jaro_winkler_similarity(a, b)) < 1e-9 for a, b in pairs)
    number = 200_000
    for name, call in (("rapidfuzz JaroWinkler", lambda: JaroWinkler.similarity("catherine", "katherine")),
                       ("jellyfish jaro_winkler", lambda: jellyfish.jaro_winkler_similarity("catherine", "katherine"))):
        print(f"  {name}: {timeit.timeit(call, number=number) / number * 1e6:.2f} µs a comparison")
    print(f"  the two agree on {agree} of {len(pairs)} pairs")
    for name, call in (("nameparser HumanName", lambda: names._parsed("Dr. Ada Lovelace PhD")),
                       ("plain name rules", lambda: names.parse.__wrapped__("Ada", "Lovelace"))):
        print(f"  {name}: {timeit.timeit(call, number=5_000) / 5_000 * 1e6:.1f} µs a name (uncached)")


def ledger(rows: int) -> None:
    book = FileLedger()
    started = time.process_time()
    for number in range(rows):
        book.observe(number, {"external_id": f"M{number:08d}", "first_name": "Ann", "email": f"a{number}@x.org"})
    seconds = time.process_time() - started
    print(f"  {rows:,} distinct external ids: {len(book.table) / rows:.1f} bytes an id ({len(book.table) / 2**20:.1f}"
          f" MiB, {book.slots:,} slots of {SLOT.size} bytes), {_rate(rows, seconds)}")


def _batches(import_id: str, rows: list[list[str]], size: int) -> list[BatchMessage]:
    columns = compile_mapping(data.CONTACT_MAPPING, data.HEADERS)
    return [BatchMessage(org_id=ORG, import_id=import_id, import_type="contacts", batch_no=start // size + 1,
                         columns=columns, context=Options().to_dict(),
                         rows=encode_rows([[start + n + 2, cells] for n, cells in enumerate(rows[start:start + size])]))
            for start in range(0, len(rows), size)]


def _clear_caches() -> None:
    """Every lru_cache emptied: a timed run starts as a fresh Lambda would, knowing none of the file's values."""
    for thing in gc.get_objects():
        if isinstance(thing, functools._lru_cache_wrapper):
            thing.cache_clear()


def processor(stored: list[list[str]], rows: list[list[str]], size: int) -> Callable[[], float]:
    """process_batch on batches of the configured size against in-memory stores (tests/fakes.py): the processor's
    compute with AWS stubbed — its validation, matching, plan and writes, and the fakes' bookkeeping. The stored
    people are imported first (not timed); the returned call imports `rows` (timed, caches cold) and gives the
    CPU seconds it took."""
    from tests.fakes import fake_stores

    stores = fake_stores()

    def run(import_id: str, cells: list[list[str]]) -> float:
        messages = _batches(import_id, cells, size)
        stores.imports.create(Import(org_id=ORG, import_id=import_id, stage="processing", status="In Progress",
                                     rows_processed=0, rows_failed=0, batches_done=0, batches_total=len(messages)))
        _clear_caches()
        started = time.process_time()
        for message in messages:
            process_batch(stores, message)
            telemetry.metrics.clear_metrics()  # Lambda's handler flushes them after each batch
        return time.process_time() - started

    run("01JBENCH000000000000000001", stored)
    return lambda: run("01JBENCH000000000000000002", rows)


def measure(args: argparse.Namespace) -> dict:
    rows, world, stored = _workload(args.rows, args.seed)
    validator = _validator()
    found = {"rows": len(rows), "stored_contacts": len(world.profiles), "stored_keys": len(world.holders),
             "batch_rows": BATCH_ROWS, "target": TARGET}
    timed = processor(stored, rows, BATCH_ROWS)
    heap.settle()
    found["processor_seconds"] = timed()
    _clear_caches()
    started = time.process_time()
    records = _records(validator, rows)
    found["validation_seconds"] = time.process_time() - started
    started = time.process_time()
    found["outcomes"] = match_all(records, world)
    found["matching_seconds"] = time.process_time() - started
    found["matched_rows"] = len(records)
    if args.profile:
        found["profile"] = _profile(processor(stored, rows, BATCH_ROWS))
    return found


def report(found: dict) -> None:
    rows = found["rows"]
    print(f"{rows:,} rows, half new people and half stored people's rows without their email, phone and id; "
          f"{found['stored_contacts']:,} stored contacts holding {found['stored_keys']:,} keys")
    print(f"processor (process_batch, {found['batch_rows']} rows a batch, AWS stubbed by in-memory stores): "
          f"{_rate(rows, found['processor_seconds'])} — target {TARGET:,}: "
          f"{'met' if rows / found['processor_seconds'] >= TARGET else 'not met'}")
    print(f"  of which validation (RowValidator.validate): {_rate(rows, found['validation_seconds'])}")
    print(f"  and matching (exact_keys + blocking_keys + decide): "
          f"{_rate(found['matched_rows'], found['matching_seconds'])}; {found['outcomes']}")
    if "profile" in found:
        print("\nprofile of the processor run (caches cold):\n" + found["profile"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=data.DEFAULT_SEED)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--ledger-rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, help="also write the numbers here, as JSON (for bench.run)")
    args = parser.parse_args(argv)
    found = measure(args)
    report(found)
    if args.out:
        args.out.write_text(json.dumps(found))
    print("similarity libraries:")
    similarity_libraries()
    print("file ledger:")
    ledger(args.ledger_rows)


if __name__ == "__main__":
    main(sys.argv[1:])
