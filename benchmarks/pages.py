"""Page benchmark: the place page beside its JSON record, same server, same run.

    python -m benchmarks.pages                 # about a minute
    python -m benchmarks.pages --rounds 20 --output /tmp/pages.md

Serves the real app (one uvicorn process on 127.0.0.1, the curated seed in a temporary SQLite
file) and asks, in interleaved rounds over the same places, for `GET /v1/places/{id}` (the JSON
record), `GET /places/{id}` (the page) and `GET /bench/trivial-sync` (a constant dict: the
floor of one request through the stack). One keep-alive connection, one request at a time, so
a request's latency is its own; the server's CPU time per request is read from /proc around
each batch. Target (issue 11): a place page ≤ 20 ms p50 on the seed. Results go to
docs/benchmarks.md between its markers (or --output). Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.http import HOST, free_port, make_seed_db, start_server

ROOT = Path(__file__).resolve().parent.parent
# Curated places of different sizes: many names and sources, a renamed town, a contested island.
PLACES = [
    "vladivostok", "khabarovsk", "ussuriysk", "blagoveshchensk", "bolshoy-ussuriysky-island",
    "nerchinsk", "sakhalin", "amur-river", "partizansk", "lake-khanka",
]
ENDPOINTS = {
    "JSON record `GET /v1/places/{id}`": "/v1/places/{id}",
    "place page `GET /places/{id}`": "/places/{id}",
    "trivial `def` endpoint": "/bench/trivial-sync",
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


@dataclass
class Series:
    latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0
    requests: int = 0
    sizes: list[int] = field(default_factory=list)

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def measure(port: int, pid: int, rounds: int, places: list[str]) -> dict[str, Series]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    results = {label: Series() for label in ENDPOINTS}

    def get(path: str) -> int:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status} {body[:200]!r}")
        return len(body)

    for template in ENDPOINTS.values():  # warm: templates compiled, caches filled
        for place in places:
            get(template.format(id=place))
    for _ in range(rounds):
        for label, template in ENDPOINTS.items():
            series = results[label]
            before = cpu_seconds(pid)
            for place in places:
                path = template.format(id=place)
                started = time.perf_counter()
                size = get(path)
                series.latencies.append(time.perf_counter() - started)
                series.sizes.append(size)
            series.cpu += cpu_seconds(pid) - before
            series.requests += len(places)
    connection.close()
    return results


def render(results: dict[str, Series], rounds: int, places: list[str]) -> str:
    page = results["place page `GET /places/{id}`"]
    record = results["JSON record `GET /v1/places/{id}`"]
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.node()} ({os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.1f}), Python {platform.python_version()}: {rounds} "
        f"interleaved rounds over {len(places)} curated places, one keep-alive connection, "
        "one request at a time, one uvicorn worker.",
        "",
        "| endpoint | p50 ms | p90 ms | p99 ms | server CPU ms / request | mean body KB |",
        "|---|---|---|---|---|---|",
    ]
    for label, series in results.items():
        lines.append(
            f"| {label} | {series.pct(0.5):.2f} | {series.pct(0.9):.2f} | {series.pct(0.99):.2f} "
            f"| {series.cpu / series.requests * 1000:.2f} "
            f"| {statistics.mean(series.sizes) / 1024:.1f} |"
        )
    target = "met" if page.pct(0.5) <= 20 else "**missed**"
    lines += [
        "",
        f"Place page p50 {page.pct(0.5):.2f} ms against the 20 ms target: {target}; "
        f"{page.pct(0.5) / record.pct(0.5):.2f}× the JSON record's p50 in the same run. "
        "(CPU per request comes from /proc ticks of 10 ms summed over each batch: read it as "
        "an average, not per request.)",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="Interleaved rounds (each asks every place once per endpoint).")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md", help="Markdown file to update between the markers.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seed.db"
        url = make_seed_db(db)
        port = free_port()
        server, _ = start_server(url, port)
        try:
            results = measure(port, server.pid, args.rounds, PLACES)
        finally:
            server.terminate()
            server.wait(timeout=30)
    report = render(results, args.rounds, PLACES)
    print(report)
    write_pages_report(args.output, report)
    return 0


START, END = "<!-- benchmarks/pages.py: start -->", "<!-- benchmarks/pages.py: end -->"


def write_pages_report(path: Path, report: str) -> None:
    """Like benchmarks.http's report, between this script's own markers (appended once)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START not in text:
        text = text.rstrip("\n") + "\n\n## Place page beside its JSON record (`benchmarks/pages.py`)\n\n" + f"{START}\n{END}\n"
        path.write_text(text, encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    path.write_text(before + f"{START}\n{report}{END}" + after, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
