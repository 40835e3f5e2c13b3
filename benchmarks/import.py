"""GeoNames dump import benchmark: the importer beside the bare load of the same rows.

Usage: .venv/bin/python benchmarks/import.py [--rows 1000000] [--backends sqlite,postgresql]
       [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]

A dump is generated in the exact published formats (a 19-column geoname table and the 10-column
alternateNamesV2, shuffled by alternateNameId as the real file is): `--rows` alternate-name rows
and the places they name (8 per place: en, ru, zh, de, ja, a historic ru with dates, link, wkdt).
Each measurement runs in a child process on a freshly migrated database, so that peak RSS is its
own (the PostgreSQL server's memory is not in it):

* floor: read both files with a plain split and load the rows into `place` and `name` with the
  backend's fastest bulk path (COPY on PostgreSQL, executemany on SQLite), one transaction per
  batch of places, no staging, no mapping, no citations;
* import: `import_geonames_dump` as `gazetteer import geonames` runs it.

Rows per second are alternate-name rows per second of wall time; the ratio import/floor is the
target (≤ 3×). Both run in the same invocation so the ratio survives a noisy machine.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from gazetteer.db import make_engine, migrate, session_scope
from gazetteer.models import Name, Place
from gazetteer.repository.imports import _insert_rows

SEED = 20240601
NAMES_PER_PLACE = 8
DUMP_DATE = dt.date(2024, 6, 1)
BENCH_DATABASE = "gazetteer_bench_import"
LATIN = [c + v for c in "bklmnrstvz" for v in "aeiou"]
CYRILLIC = [c + v for c in "бклмнрствз" for v in "аеиоу"]
HANZI = list("阿巴卡拉马纳萨塔瓦扎尔克斯特夫诺沃罗夫斯克伊万哈林哲列宁格勒海参崴伯力庙街双城子")
KANA = list("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモ")


def _word(rng: random.Random, syllables: list[str], low: int = 2, high: int = 4) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(low, high)))


def generate(folder: Path, rows: int) -> tuple[Path, Path]:
    """RU.txt-style places and alternateNamesV2.txt with `rows` alternate names between them."""
    rng = random.Random(SEED)
    places_path, names_path = folder / "RU.txt", folder / "alternateNamesV2.txt"
    alternates: list[str] = []
    with places_path.open("w", encoding="utf-8") as places:
        for index in range(rows // NAMES_PER_PLACE):
            geonameid = 1_000_000 + index
            latin = _word(rng, LATIN).capitalize() + (f" {index}" if rng.random() < 0.3 else "")
            cyrillic = _word(rng, CYRILLIC).capitalize()
            chinese = _word(rng, HANZI, 2, 5)
            fclass, fcode = rng.choice((("P", "PPL"), ("P", "PPLA2"), ("H", "STM"), ("T", "MT")))
            places.write("\t".join([
                str(geonameid), latin, latin, f"{latin},{cyrillic}",
                f"{rng.uniform(42, 70):.5f}", f"{rng.uniform(30, 180):.5f}", fclass, fcode,
                "RU", "", f"{rng.randint(1, 90):02d}", "", "", "",
                str(rng.choice((0, rng.randint(100, 2_000_000)))), "", str(rng.randint(0, 900)),
                "Asia/Vladivostok", "2023-01-05",
            ]) + "\n")
            for lang, name, preferred, historic, start, end in (
                ("en", latin, "1", "", "", ""),
                ("ru", cyrillic, "1", "", "", ""),
                ("zh", chinese, "", "", "", ""),
                ("de", latin + "er", "", "", "", ""),
                ("ja", _word(rng, KANA, 3, 5), "", "", "", ""),
                ("ru", _word(rng, CYRILLIC).capitalize(), "", "1", "1860", "1924"),
                ("link", f"https://en.wikipedia.org/wiki/{latin.replace(' ', '_')}", "", "", "", ""),
                ("wkdt", f"Q{rng.randint(1000, 99_999_999)}", "", "", "", ""),
            ):
                alternates.append(
                    f"{geonameid}\t{lang}\t{name}\t{preferred}\t\t\t{historic}\t{start}\t{end}"
                )
    rng.shuffle(alternates)  # alternateNameId order is not place order in the real file
    with names_path.open("w", encoding="utf-8") as names:
        for number, line in enumerate(alternates, start=1):
            names.write(f"{number}\t{line}\n")
    return places_path, names_path


def _floor(engine, places_path: Path, names_path: Path, batch: int = 2000) -> int:  # type: ignore[no-untyped-def]
    """The bare load: split, build row dicts, bulk insert; nothing else."""
    now = dt.datetime.now(dt.UTC)
    place_rows: list[dict[str, object]] = []

    def flush(table, rows: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
        with session_scope(engine) as session:
            _insert_rows(session, table, rows)
        rows.clear()

    with places_path.open(encoding="utf-8") as handle:
        for line in handle:
            f = line.rstrip("\n").split("\t")
            place_rows.append({
                "id": f"geonames-{f[0]}", "feature_type": "populated_place",
                "country_codes": f[8], "admin_region": f"{f[8]}.{f[10]}",
                "latitude": float(f[4]), "longitude": float(f[5]),
                "population": int(f[14]) or None, "geonames_id": int(f[0]),
                "confidence": "medium", "origin": "geonames", "version": 1, "updated_at": now,
            })
            if len(place_rows) >= batch:
                flush(Place.__table__, place_rows)
    flush(Place.__table__, place_rows)
    count = 0
    name_rows: list[dict[str, object]] = []
    with names_path.open(encoding="utf-8") as handle:
        for line in handle:
            f = line.rstrip("\n").split("\t")
            count += 1
            name_rows.append({
                "place_id": f"geonames-{f[1]}", "text": f[3], "lang": f[2], "kind": "endonym",
                "preferred": f[4] == "1", "confidence": "medium", "origin": "geonames",
            })
            if len(name_rows) >= batch * NAMES_PER_PLACE:
                flush(Name.__table__, name_rows)
    flush(Name.__table__, name_rows)
    return count


def _import(engine, places_path: Path, names_path: Path) -> int:  # type: ignore[no-untyped-def]
    from gazetteer.importers.geonames_dump_import import import_geonames_dump

    stats = import_geonames_dump(engine, places_path, names_path, dump_date=DUMP_DATE)
    return stats.alternate_names_read


def child(mode: str, url: str, places_path: Path, names_path: Path, profile: bool) -> None:
    """One measurement on a freshly migrated database; prints one JSON line."""
    migrate(url)
    engine = make_engine(url)
    run = _floor if mode == "floor" else _import
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    rows = run(engine, places_path, names_path)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    with session_scope(engine) as session:
        names = session.execute(text("SELECT count(*) FROM name")).scalar_one()
        citations = session.execute(text("SELECT count(*) FROM citation")).scalar_one()
    engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(35)
    print(json.dumps({"mode": mode, "rows": rows, "seconds": seconds, "peak_mb": peak_mb,
                      "names": names, "citations": citations}))


def _fresh_database(backend: str, folder: Path, mode: str, admin_url: str) -> str:
    if backend == "sqlite":
        path = folder / f"{mode}.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    admin = create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{BENCH_DATABASE}"'))
    admin.dispose()
    return str(make_url(admin.url).set(database=BENCH_DATABASE).render_as_string(False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="Alternate-name rows.")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="A server URL on which the benchmark may create its own database.")
    parser.add_argument("--profile", action="store_true", help="cProfile the import (stderr).")
    parser.add_argument("--child", nargs=4, metavar=("MODE", "URL", "PLACES", "NAMES"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, url, places, names = args.child
        child(mode, url, Path(places), Path(names), args.profile)
        return
    with tempfile.TemporaryDirectory(prefix="gazetteer-bench-import-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        places_path, names_path = generate(folder, args.rows)
        print(f"generated {args.rows} alternate names for {args.rows // NAMES_PER_PLACE} places "
              f"in {time.perf_counter() - started:.1f} s "
              f"({names_path.stat().st_size / 1e6:.0f} MB + {places_path.stat().st_size / 1e6:.0f} MB)")
        results = []
        for backend in args.backends.split(","):
            measured = {}
            for mode in ("floor", "import"):
                url = _fresh_database(backend, folder, mode, args.postgres_url)
                command = [sys.executable, __file__, "--child", mode, url,
                           str(places_path), str(names_path)]
                if args.profile and mode == "import":
                    command.append("--profile")
                out = subprocess.run(command, check=True,
                                     text=True, stdout=subprocess.PIPE)
                measured[mode] = json.loads(out.stdout.strip().splitlines()[-1])
                m = measured[mode]
                print(f"{backend:10} {mode:6} {m['rows'] / m['seconds']:9.0f} rows/s "
                      f"{m['seconds']:7.1f} s  peak {m['peak_mb']:6.0f} MB  "
                      f"names {m['names']}  citations {m['citations']}", flush=True)
            ratio = measured["import"]["seconds"] / measured["floor"]["seconds"]
            print(f"{backend:10} import/floor {ratio:.2f}x (target <= 3x)", flush=True)
            results.append({"backend": backend, **measured, "ratio": ratio})
        print(json.dumps(results))


if __name__ == "__main__":
    main()
