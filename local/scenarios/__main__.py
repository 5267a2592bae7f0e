"""The scenarios of the fault suite, each on a local stack of its own in a process of its own (moto keeps one
backend per process), with the settings its module asks for (STACK_ENV):

    python -m local.scenarios                    # every scenario, one process each
    python -m local.scenarios shared_gifts ...   # some of them

Each module `local/scenarios/<name>.py` has `run(stack, client) -> list[str]`: the invariants it found broken.
"""

import importlib
import logging
import subprocess
import sys
import time

from ..client import Client
from ..stack import LocalStack

SCENARIOS = ("unclosed_quote", "external_id_twice", "parallel_batches", "shared_gifts", "stale_attempt",
             "big_finalize")


def run_one(name: str) -> list[str]:
    module = importlib.import_module(f"{__package__}.{name}")
    stack = LocalStack(port=0, log_level="CRITICAL", env=getattr(module, "STACK_ENV", {})).start()
    try:
        return module.run(stack, Client(stack.url))
    finally:
        stack.stop()


def main(names: list[str]) -> int:
    unknown = set(names) - set(SCENARIOS)
    if unknown:
        sys.exit(f"no such scenario: {', '.join(sorted(unknown))} (there are {', '.join(SCENARIOS)})")
    if len(names) == 1:
        logging.basicConfig(level=logging.CRITICAL)
        started = time.monotonic()
        broken = run_one(names[0])
        print("\n".join(broken) or f"scenario {names[0]}: all invariants held in {time.monotonic() - started:.1f} s")
        return 1 if broken else 0
    failed = [name for name in names or SCENARIOS
              if subprocess.run([sys.executable, "-m", __package__, name]).returncode]
    print(f"scenarios: {len(failed)} of {len(names or SCENARIOS)} broke an invariant{': ' if failed else ''}"
          + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
