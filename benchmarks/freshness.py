"""How long a write in one process takes to become searchable in a running server, and what
the follower's poll costs.

    .venv/bin/python -m benchmarks.freshness [--database-url URL] [--trials 10]

Starts `gazetteer serve` on a fresh database (migrated, seeded), then repeatedly adds a name
through the repository with `record_changes` and polls the server's HTTP search until it is
found. The poll cost is timed on an unchanged log, beside a bare `SELECT 1` as the floor.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import insert, text
from sqlmodel import Session

from gazetteer import repository
from gazetteer.config import PROJECT_ROOT, Settings
from gazetteer.db import make_engine, migrate, session_scope
from gazetteer.importers.seed import load_seed
from gazetteer.models import Name

GAZETTEER = str(Path(sys.executable).parent / "gazetteer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite)")
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--poll-seconds", default="0.5")
    args = parser.parse_args()
    url = Settings(database_url=args.database_url or
                   f"sqlite:///{tempfile.mkdtemp()}/freshness.db").database_url
    migrate(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_seed(session, PROJECT_ROOT / "seed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "GAZETTEER_DATABASE_URL": url,
           "GAZETTEER_INDEX_POLL_SECONDS": args.poll_seconds}
    server = subprocess.Popen([GAZETTEER, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(f"{base}/v1/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        delays = []
        for _ in range(args.trials):
            time.sleep(random.uniform(0, float(args.poll_seconds)))  # no phase lock to the poll
            word = "Свеж" + uuid.uuid4().hex[:8]
            with session_scope(engine) as session:
                session.execute(insert(Name), [{
                    "place_id": "vladivostok", "text": word, "lang": "ru", "kind": "variant",
                    "preferred": False, "confidence": "low", "origin": "geonames",
                }])
                repository.record_changes(session, ["vladivostok"])
            committed = time.perf_counter()
            while not httpx.get(f"{base}/v1/search", params={"q": word}).json()["items"]:
                time.sleep(0.01)
            delays.append(time.perf_counter() - committed)
        with Session(engine) as session:
            revision = repository.current_revision(session)
            poll = _timed(lambda: repository.changes_since(session, revision))
            floor = _timed(lambda: session.execute(text("SELECT 1")).all())
    finally:
        server.terminate()
        server.wait()
        engine.dispose()
    print(f"backend {engine.dialect.name}, poll every {args.poll_seconds} s, "
          f"{args.trials} trials")
    print(f"write → searchable: p50 {statistics.median(delays):.3f} s, max {max(delays):.3f} s")
    print(f"poll of an unchanged log: {poll * 1e6:.0f} µs; SELECT 1: {floor * 1e6:.0f} µs "
          f"({poll / floor:.1f}×)")


def _timed(call, repeat: int = 500) -> float:  # type: ignore[no-untyped-def]
    """Median seconds per call."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    main()
