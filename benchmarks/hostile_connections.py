"""Header-flood and idle-connection cost: uvicorn's defaults beside `gazetteer serve`'s limits.

Starts the API twice on one migrated SQLite database, once with plain `uvicorn` (the baseline)
and once with `gazetteer serve`; against each, eight clients at once send 100 MB header blocks,
then 300 connections sit idle. Reports the server's RSS growth and how long idle connections
live (capped at the probe's wait). Run: `.venv/bin/python -P benchmarks/hostile_connections.py` (-P: benchmarks/http.py would
shadow the standard library's http package).
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from gazetteer.db import migrate

BIN = Path(sys.executable).parent
IDLE_WAIT = 30.0


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _flood(port: int, megabytes: int = 100) -> int:
    chunk = b"X-Padding: " + b"a" * 65_000 + b"\r\n"
    sent = 0
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n")
        try:
            while sent < megabytes * 1024 * 1024:
                sock.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass
    return sent


def _idle_lifetime(port: int, count: int = 300) -> tuple[float, int]:
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
    started = time.monotonic()
    open_ = set(sockets)
    while open_ and time.monotonic() - started < IDLE_WAIT:
        readable, _, _ = select.select(list(open_), [], [], 0.5)
        for sock in readable:
            try:
                if not sock.recv(65536):
                    open_.discard(sock)
            except OSError:
                open_.discard(sock)
    lifetime = time.monotonic() - started
    for sock in sockets:
        sock.close()
    return lifetime, len(open_)


def measure(label: str, command: list[str], env: dict[str, str], port: int) -> None:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/v1/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        before = _rss_mib(process.pid)
        peak = before
        sent: list[int] = []
        threads = [threading.Thread(target=lambda: sent.append(_flood(port))) for _ in range(8)]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            peak = max(peak, _rss_mib(process.pid))
            time.sleep(0.05)
        lifetime, still_open = _idle_lifetime(port)
        print(
            f"| {label} | {before:.0f} | {peak:.0f} | {sum(sent) / 2**20:.1f} | "
            f"{lifetime:.1f}{'+' if still_open else ''} | {still_open} |"
        )
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate(url)
        env = {**os.environ, "GAZETTEER_DATABASE_URL": url, "GAZETTEER_INDEX_POLL_SECONDS": "0"}
        print("| server | RSS before (MiB) | RSS peak under 8 × 100 MB heads (MiB) | "
              "bytes the clients got sent (MiB) | idle lifetime of 300 connections (s) | still open |")
        print("|---|---|---|---|---|---|")
        port = _port()
        measure("uvicorn defaults (baseline)", [str(BIN / "uvicorn"), "--factory",
                "gazetteer.main:create_app", "--port", str(port), "--log-level", "warning"], env, port)
        port = _port()
        measure("gazetteer serve", [str(BIN / "gazetteer"), "serve", "--port", str(port)], env, port)


if __name__ == "__main__":
    main()
