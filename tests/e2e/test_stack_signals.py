"""`python -m local.stack` stops cleanly on SIGTERM as on Ctrl-C (SIGINT), also while an import is running: it
exits 0 within its own shutdown allowance and its port is closed. Scripts and test harnesses stop it politely."""

import re
import signal
import socket
import subprocess
import sys
import time

import pytest

from local.client import Client
from local.stack import SHUTDOWN_SECONDS
from local.template import ROOT

pytestmark = pytest.mark.e2e

# Past the stack's allowance for invocations in flight: the API and the emulator closing, the interpreter
# ending (measured: 1-2 s on an idle machine, about 7 s at a load average of 10 on 2 cores).
TEARDOWN_SECONDS = 15
STARTUP_SECONDS = 120
ROWS = 4_000


def start_stack() -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen([sys.executable, "-m", "local.stack", "--port", "0", "--log-level", "WARNING"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + STARTUP_SECONDS
    for line in process.stdout:
        if up := re.search(r"Local stack up: API and Import page on http://127\.0\.0\.1:(\d+)", line):
            return process, int(up.group(1))
        if time.monotonic() > deadline:
            break
    process.kill()
    raise AssertionError(f"the stack did not come up: {process.communicate()[0][-2000:]}")


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def an_import_running(client: Client) -> str:
    """A donations import whose batches are being processed (many invocations in flight) when the signal comes."""
    rows = "".join(f"d{i}@example.org,{i % 50 + 1},2024-01-02\n" for i in range(ROWS))
    created = client.create_import("donations", "running.csv", {"Email": "email", "Amount": "amount", "Date": "date"})
    client.upload(created["upload"], f"Email,Amount,Date\n{rows}".encode(), "running.csv")
    import_id = created["import"]["import_id"]
    return client.wait(import_id, lambda record: record["stage"] == "processing" and record["rows_processed"] > 0,
                       timeout=STARTUP_SECONDS)["stage"]


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_the_stack_stops_cleanly_on_a_signal_while_an_import_runs(name):
    process, port = start_stack()
    try:
        stage = an_import_running(Client(f"http://127.0.0.1:{port}"))
        sent = time.monotonic()
        process.send_signal(getattr(signal, name))
        output = process.communicate(timeout=SHUTDOWN_SECONDS + TEARDOWN_SECONDS)[0]
        took = time.monotonic() - sent
    except subprocess.TimeoutExpired:
        raise AssertionError(f"still running {SHUTDOWN_SECONDS + TEARDOWN_SECONDS} s after {name}") from None
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output[-2000:]
    assert not port_open(port)
    assert "Local stack stopped" in output
    print(f"{name} at stage {stage}: stopped in {took:.1f} s")
