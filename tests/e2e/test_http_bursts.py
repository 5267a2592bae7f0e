"""The local HTTP API takes a burst of concurrent connections, as a page's parallel requests or a load test
make them: none refused, reset or left waiting for a retransmitted SYN."""

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.e2e

CONNECTIONS = 40
SYN_RETRANSMIT_SECONDS = 1.0  # Linux's initial retransmission timeout: a connect this slow had its SYN dropped


def test_a_burst_of_concurrent_connections_is_served_without_resets(stack):
    host, port = stack.api.server_address
    ready = threading.Barrier(CONNECTIONS)

    def connect_then_request() -> tuple[float, str]:
        ready.wait(10)
        started = time.monotonic()
        try:
            with socket.create_connection((host, port), timeout=30) as sock:
                connected = time.monotonic() - started
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n")
                answer = b""
                while chunk := sock.recv(4096):
                    answer += chunk
                return connected, answer.split(b"\r\n", 1)[0].decode()
        except OSError as error:
            return time.monotonic() - started, repr(error)

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        results = list(pool.map(lambda _: connect_then_request(), range(CONNECTIONS)))

    print(f"{CONNECTIONS} concurrent connections: slowest connect {max(s for s, _ in results):.3f} s")
    assert [status for _, status in results] == ["HTTP/1.1 200 OK"] * CONNECTIONS
    assert max(seconds for seconds, _ in results) < SYN_RETRANSMIT_SECONDS


REQUESTS = 24
TYPES = ("contacts", "donations", "pledges", "interactions")


def test_concurrent_requests_each_see_their_own_body(stack):
    """Powertools' resolver keeps the request it is answering on a class attribute, one per process (in
    Lambda a process answers one request at a time); the local stack's environments are threads, so it keeps
    that attribute per thread (local/powertools_threads.py), or one request's body answers another (a contacts
    import created as donations, a flag lost), without making the requests wait for each other."""
    from local.client import Client

    ready = threading.Barrier(REQUESTS)

    def create(n: int) -> tuple[tuple, tuple]:
        client = Client(stack.url)
        asked = (TYPES[n % len(TYPES)], f"file-{n}.csv", n % 2 == 0)
        ready.wait(10)
        created = client.json("POST", "/imports", 201, json={"import_type": asked[0], "file_name": asked[1],
                                                             "allow_duplicate_file": asked[2]})["import"]
        return asked, (created["import_type"], created["file_name"], created["allow_duplicate_file"])

    with ThreadPoolExecutor(REQUESTS) as pool:
        answers = list(pool.map(create, range(REQUESTS)))
    assert [got for _, got in answers] == [asked for asked, _ in answers]
