"""Python's garbage collector tuned for a function that handles batches of rows.

A batch makes and drops millions of small objects and hardly any reference cycles, yet the collector's default
thresholds start a young collection every 700 allocations and a full one as often as every 70,000 (once the
long-lived objects grew by a quarter), and a full one walks every object alive: the modules' own (~68,000 after
the processor's imports) and the caches' values. Measured in bench.matching: collections were a quarter of the
processor's compute (1.4 s of 5.4 s for 20,000 rows), 0.2-0.3 s once the import-time objects are frozen and
collections ten times rarer. Rows' cyclic garbage, if any, waits longer: memory, not behaviour."""

import gc
import os

YOUNG = 10_000  # allocations between young collections (Python's default: 700)


def settle() -> None:
    """The objects made so far left out of every collection from now on, and collections made rarer. Called once,
    when a function's module has loaded (its clients and tables made)."""
    gc.freeze()
    gc.set_threshold(YOUNG, *gc.get_threshold()[1:])


def settle_in_lambda(environ=os.environ) -> None:
    """settle() where the process is one Lambda execution environment (AWS_EXECUTION_ENV, set by Lambda's runtime).
    The local stack runs every function's environments, and the tests, in one process: a freeze there at each
    environment's start would keep the cyclic garbage of all of them for good."""
    if "AWS_EXECUTION_ENV" in environ:
        settle()
