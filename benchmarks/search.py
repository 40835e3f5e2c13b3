"""Search benchmark on GeoNames cities500: recall, latency, build time, memory, baselines.

Usage: /work/venv/bin/python benchmarks/search.py [--quick]

Each index size runs in its own child process so that peak RSS is per size; the index is
built as the API service builds it (key derivation in worker processes from 200k names; the
serial build is timed beside it, after the measurements). Ground truth:
a query made from a name of place P counts as found when P is among the hits, or when a hit's
matched name has the same normalised key as the source name (GeoNames has many places
sharing one name; any of them is a correct answer to the bare name).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._data import rows
from gazetteer.search import SearchIndex
from gazetteer.search.derivation import workers_for
from gazetteer.text.normalise import compact

SEED = 20240601
ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _edit(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    op = rng.choice(("sub", "ins", "del", "swap"))
    if op == "sub":
        return text[:i] + rng.choice(ALPHABET) + text[i + 1 :]
    if op == "ins":
        return text[:i] + rng.choice(ALPHABET) + text[i:]
    if op == "del" and len(text) > 3:
        return text[:i] + text[i + 1 :]
    if i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice(ALPHABET) + text[i + 1 :]


def _variant(text: str, rng: random.Random) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
    return stripped.upper() if rng.random() < 0.5 else stripped.lower()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_size(n_names: int, n_queries: int, brute: int, pg: int) -> dict:
    """Build an index of ``n_names`` names and measure it (runs in a child process)."""
    data = list(rows(n_names))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = workers_for(len(data))  # as the API service builds
    t0 = time.perf_counter()
    index = SearchIndex.build(data, workers=workers)
    build_s = time.perf_counter() - t0
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rng = random.Random(SEED)
    sample = rng.sample(data, min(n_queries, len(data)))
    latin = [r for r in sample if len(r.text) >= 4]
    sets = {
        "exact": [(r.text, r) for r in sample],
        "case/diacritics": [(_variant(r.text, rng), r) for r in sample],
        "1 edit": [(_edit(r.text, rng), r) for r in latin],
        "2 edits": [(_edit(_edit(r.text, rng), rng), r) for r in latin if len(r.text) >= 6],
    }
    results: dict = {"names": len(data), "places": index.place_count, "build_s": build_s,
                     "build_workers": workers,
                     "rss_before_build_mb": rss_before, "rss_peak_mb": rss_peak, "sets": {}}
    all_lat: list[float] = []
    for name, queries in sets.items():
        at1 = at10 = 0
        lat = []
        for q, row in queries:
            t = time.perf_counter()
            res = index.search(q, limit=10)
            lat.append((time.perf_counter() - t) * 1000)
            key = compact(row.text)
            ok = [h.place_id == row.place_id or compact(h.name_text) == key for h in res.hits]
            at1 += bool(ok[:1] and ok[0])
            at10 += any(ok)
        all_lat += lat
        results["sets"][name] = {
            "queries": len(queries), "recall@1": at1 / len(queries),
            "recall@10": at10 / len(queries), "p50_ms": _percentile(lat, 0.5),
            "p95_ms": _percentile(lat, 0.95), "p99_ms": _percentile(lat, 0.99),
        }
    results["all"] = {"p50_ms": _percentile(all_lat, 0.5), "p95_ms": _percentile(all_lat, 0.95),
                      "p99_ms": _percentile(all_lat, 0.99)}
    prefix_lat = []
    for _, row in sets["exact"][:300]:
        q = row.text[: max(3, len(row.text) // 2)]
        t = time.perf_counter()
        index.search(q, mode="prefix")
        prefix_lat.append((time.perf_counter() - t) * 1000)
    short_lat = []  # one to three typed characters: the busiest prefixes
    for _, row in sets["exact"][:300]:
        q = row.text[: 1 + len(short_lat) % 3]
        t = time.perf_counter()
        index.search(q, mode="prefix")
        short_lat.append((time.perf_counter() - t) * 1000)
    results["prefix"] = {"p50_ms": _percentile(prefix_lat, 0.5),
                         "p99_ms": _percentile(prefix_lat, 0.99),
                         "short_p50_ms": _percentile(short_lat, 0.5),
                         "short_p99_ms": _percentile(short_lat, 0.99)}
    if brute:
        results["bruteforce"] = _bruteforce(data, sets["1 edit"][:brute])
    if pg:
        results["pg_trgm"] = _pg_trgm(data, sets["1 edit"][:pg])
    if workers > 1:  # the serial build beside it, last (its memory is not measured)
        del index
        t0 = time.perf_counter()
        SearchIndex.build(data, workers=1)
        results["build_serial_s"] = time.perf_counter() - t0
    return results


def _bruteforce(data: list, queries: list) -> dict:
    """rapidfuzz process.extract over every name: the baseline a trigram index must beat."""
    from rapidfuzz import fuzz, process

    texts = [r.text for r in data]
    lat, hits = [], 0
    for q, row in queries:
        t = time.perf_counter()
        found = process.extract(q, texts, scorer=fuzz.ratio, limit=10)
        lat.append((time.perf_counter() - t) * 1000)
        hits += any(data[j].place_id == row.place_id or compact(text) == compact(row.text)
                    for text, _, j in found)
    return {"queries": len(queries), "p50_ms": _percentile(lat, 0.5),
            "recall@10": hits / len(queries)}


def _pg_trgm(data: list, queries: list) -> dict:
    """PostgreSQL pg_trgm: GIN trigram index, `%` filter ordered by similarity."""
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test",
                         autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.execute("DROP TABLE IF EXISTS gazetteer_bench")
        conn.execute("CREATE TABLE gazetteer_bench (id int, place text, name text)")
        t = time.perf_counter()
        with conn.cursor().copy("COPY gazetteer_bench FROM STDIN") as copy:
            for i, r in enumerate(data):
                copy.write_row((i, r.place_id, r.text))
        conn.execute("CREATE INDEX ON gazetteer_bench USING gin (lower(name) gin_trgm_ops)")
        conn.execute("ANALYZE gazetteer_bench")
        build = time.perf_counter() - t
        lat, hits = [], 0
        try:
            for q, row in queries:
                t = time.perf_counter()
                found = conn.execute(
                    "SELECT place, name FROM gazetteer_bench WHERE lower(name) %% lower(%s) "
                    "ORDER BY similarity(lower(name), lower(%s)) DESC LIMIT 10", (q, q)
                ).fetchall()
                lat.append((time.perf_counter() - t) * 1000)
                hits += any(p == row.place_id or compact(n) == compact(row.text)
                            for p, n in found)
        finally:
            conn.execute("DROP TABLE gazetteer_bench")
    return {"queries": len(queries), "build_s": build, "p50_ms": _percentile(lat, 0.5),
            "p99_ms": _percentile(lat, 0.99), "recall@10": hits / len(queries)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one 100k-name size, fewer queries")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=int, default=2000, help="queries per set")
    parser.add_argument("--out", default="benchmarks/results.json", help="where to write JSON")
    args = parser.parse_args()
    if args.child:
        brute, pg = (50, 200)  # baselines at every size, in the same child process
        print(json.dumps(run_size(args.child, args.queries, brute, pg)))
        return
    sizes = [100_000] if args.quick else [100_000, 500_000, 1_300_000]
    out = []
    for size in sizes:
        cmd = [sys.executable, __file__, "--child", str(size), "--queries",
               str(500 if args.quick else args.queries)] + (["--quick"] if args.quick else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        out.append(res)
        print(json.dumps(res, indent=1), flush=True)
    Path(args.out).write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
