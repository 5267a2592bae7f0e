"""The fault-injection suite, small: duplicates, crashes and poison batches on, every invariant must hold.

It runs in its own process because it patches the processor's data access to crash at random points."""

import re
import subprocess
import sys

import pytest

from local.template import ROOT

pytestmark = pytest.mark.e2e


def test_imports_end_right_with_duplicates_and_crashes():
    # A crashed finalization is redelivered by the finalize queue, so the watchdog need not step in: its limit
    # stays long enough that, on a loaded machine, it never ends an import that is still live.
    answer = subprocess.run(
        [sys.executable, "-m", "local.faults", "--imports", "4", "--rows", "250", "--batch-rows", "50",
         "--crash-rate", "0.5", "--poison-rate", "0.3", "--seed", "11", "--timeout", "240", "--stall-seconds", "120"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    print(answer.stdout)
    assert answer.returncode == 0, answer.stdout + answer.stderr[-3000:]
    assert "All invariants held" in answer.stdout
    # crashes were really injected (50 % of some 40 deliveries: none at all is a one-in-a-million event)
    assert re.search(r"crash \w+: [1-9]", answer.stdout)
    assert "poison batch deliveries" in answer.stdout  # seed 11 at 0.3 poisons batch 3 of each import
    assert answer.stdout.count("\nok ") == 4
