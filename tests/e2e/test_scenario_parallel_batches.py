"""The parallel-batches scenario on a local stack of its own (in its own process: moto's backends are one per
process), with batches small enough that one import has many: the processor runs several invocations at
once, within the template's MaximumConcurrency."""

import subprocess
import sys

import pytest

from local.template import ROOT

pytestmark = pytest.mark.e2e


def test_one_import_runs_its_batches_concurrently_within_the_maximum():
    answer = subprocess.run([sys.executable, "-m", "local.scenarios.parallel_batches"], cwd=ROOT,
                            capture_output=True, text=True, timeout=420)
    print(answer.stdout)
    assert answer.returncode == 0, answer.stdout + answer.stderr[-3000:]
    assert "allowed 20)" in answer.stdout  # template: MaximumConcurrency 20, reserved 25
    assert "All invariants held" in answer.stdout
