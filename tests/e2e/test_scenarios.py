"""The fault suite's scenarios, each on a local stack of its own in its own process (`python -m local.scenarios
NAME`), with the settings its module asks for: every invariant must hold."""

import subprocess
import sys

import pytest

from local.scenarios.__main__ import SCENARIOS
from local.template import ROOT

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_holds_every_invariant(name):
    answer = subprocess.run([sys.executable, "-m", "local.scenarios", name], cwd=ROOT, capture_output=True,
                            text=True, timeout=900)
    print(answer.stdout)
    assert answer.returncode == 0, answer.stdout + answer.stderr[-3000:]
    assert f"scenario {name}: all invariants held" in answer.stdout
