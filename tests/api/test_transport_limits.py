"""Connection limits of a real `gazetteer serve`, probed with raw sockets.

An oversized header block is refused with 431 early and costs the server no memory; idle,
slowloris and kept-alive-then-trickling connections are closed after the request-head
deadline; ordinary keep-alive traffic still works.
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gazetteer.db import migrate

GAZETTEER = str(Path(sys.executable).parent / "gazetteer")
HEAD_LIMIT = 8192
HEAD_TIMEOUT = 1.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(database_factory) -> Iterator[tuple[int, int]]:
    """(port, pid) of `gazetteer serve` on an empty, migrated database, with tight limits."""
    url = database_factory.new_url()
    migrate(url)
    port = _free_port()
    env = {
        **os.environ, "GAZETTEER_DATABASE_URL": url, "GAZETTEER_INDEX_POLL_SECONDS": "0",
        "GAZETTEER_MAX_REQUEST_HEAD_BYTES": str(HEAD_LIMIT),
        "GAZETTEER_REQUEST_HEAD_TIMEOUT_SECONDS": str(HEAD_TIMEOUT),
    }
    process = subprocess.Popen(
        [GAZETTEER, "serve", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"server exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"http://127.0.0.1:{port}/v1/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("server did not become ready")
            time.sleep(0.05)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _read_until_closed(sock: socket.socket, within: float) -> bytes:
    """Everything the server sends until it closes the connection (fails after `within` s)."""
    received = b""
    deadline = time.monotonic() + within
    while True:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"connection still open after {within} s; got {received[:200]!r}"
        readable, _, _ = select.select([sock], [], [], remaining)
        if readable:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                return received
            if not chunk:
                return received
            received += chunk


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def test_oversized_header_blocks_are_refused_without_memory_growth(server):
    port, pid = server
    before = _rss_kib(pid)
    chunk = b"X-Padding: " + b"a" * 65_000 + b"\r\n"
    answers = []
    for _ in range(8):  # eight would-be 100 MB header blocks
        sock = _connect(port)
        sent = 0
        sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: test\r\n")
        try:
            while sent < 100 * 1024 * 1024:
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert sent < 4 * 1024 * 1024, "the server kept reading an oversized head"
        answers.append(_read_until_closed(sock, 5))
        sock.close()
    grown = _rss_kib(pid) - before
    assert grown < 16 * 1024, f"server memory grew by {grown} KiB"
    # A reset may swallow the answer; where it arrived, it is the 431 problem.
    arrived = [a for a in answers if a]
    for answer in arrived:
        assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
        assert b"application/problem+json" in answer and b"request_head_too_large" in answer


def test_small_oversized_head_gets_a_431_problem(server):
    port, _ = server
    with _connect(port) as sock:
        sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: t\r\nX-Big: " + b"b" * (HEAD_LIMIT + 10))
        answer = _read_until_closed(sock, 5)
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b'"code": "request_head_too_large"' in answer


def test_head_under_the_limit_is_served(server):
    port, _ = server
    response = httpx.get(
        f"http://127.0.0.1:{port}/v1/ready", headers={"X-Padding": "c" * (HEAD_LIMIT // 2)}
    )
    assert response.status_code == 200


def test_idle_connections_are_closed_after_the_head_deadline(server):
    port, _ = server
    sockets = [_connect(port) for _ in range(300)]
    started = time.monotonic()
    try:
        answers = [_read_until_closed(sock, HEAD_TIMEOUT + 10) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
    lifetime = time.monotonic() - started
    assert lifetime >= HEAD_TIMEOUT * 0.9
    assert all(a.startswith(b"HTTP/1.1 408 ") for a in answers), {a[:40] for a in answers}


@pytest.mark.parametrize("keep_alive_first", [False, True], ids=["fresh", "after-a-response"])
def test_slowloris_trickle_is_cut_off(server, keep_alive_first):
    port, _ = server
    with _connect(port) as sock:
        if keep_alive_first:
            sock.sendall(b"GET /v1/ready HTTP/1.1\r\nHost: t\r\n\r\n")
            first = sock.recv(65536)
            assert first.startswith(b"HTTP/1.1 200 ")
        started = time.monotonic()
        closed = False
        head = b"GET /v1/ready HTTP/1.1\r\nHost: t\r\n" + b"X-Slow: " + b"d" * 200
        for byte in head:
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            readable, _, _ = select.select([sock], [], [], 0.05)  # one byte every 50 ms
            if readable:
                closed = True
                break
        assert closed, "a trickled head was still being read after 10 s"
        elapsed = time.monotonic() - started
        assert elapsed < HEAD_TIMEOUT + 2
        answer = _read_until_closed(sock, 5)
    # (the first response's body may still be unread ahead of the 408)
    assert b"HTTP/1.1 408 " in answer and answer.endswith(b'"code": "request_timeout"}')


def test_keep_alive_requests_still_work(server):
    port, _ = server
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        for _ in range(3):
            assert client.get("/v1/ready").status_code == 200
