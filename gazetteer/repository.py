"""All SQL lives here: no HTTP, no commit (the caller owns the transaction)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import String, delete, func, literal, or_, select
from sqlmodel import Session

from gazetteer.dates import parse_optional, period_columns
from gazetteer.importers.seed_schema import CitationIn, ClaimIn, PlaceIn, SourceIn
from gazetteer.labels import display_labels
from gazetteer.models import Attestation, Citation, Claim, Name, Place, Source, Sovereignty
from gazetteer.search.types import IndexedName
from gazetteer.vocabulary import Origin

# ---------------------------------------------------------------- writes


@dataclass
class PlaceWriteStats:
    names: int = 0
    attestations: int = 0
    sovereignty: int = 0
    claims: int = 0
    citations: int = 0

    @classmethod
    def of(cls, data: PlaceIn) -> PlaceWriteStats:
        """What a seed record holds, whether or not loading it had to write anything."""
        return cls(
            names=len(data.names),
            attestations=len(data.attestations),
            sovereignty=len(data.sovereignty),
            claims=len(data.claims) + sum(len(n.claims) for n in data.names),
            citations=len(data.sources)
            + sum(len(n.sources) for n in data.names)
            + sum(len(a.sources) for a in data.attestations)
            + sum(len(s.sources) for s in data.sovereignty),
        )


def seed_digest(data: PlaceIn) -> str:
    """A fingerprint of a seed record: reloading an unchanged file writes nothing."""
    return hashlib.sha256(data.model_dump_json().encode("utf-8")).hexdigest()


def upsert_source(session: Session, data: SourceIn) -> Source:
    date = parse_optional(data.date)
    source = session.get(Source, data.id) or Source(id=data.id, kind=data.kind, title=data.title)
    source.kind = data.kind
    source.title = data.title
    source.title_lang = data.title_lang
    source.title_en = data.title_en
    source.issuer = data.issuer
    source.date = data.date
    source.date_earliest = date.earliest if date else None
    source.date_latest = date.latest if date else None
    source.edition = data.edition
    source.url = data.url
    source.locator = data.locator
    source.note = data.note
    source.confidence = data.confidence
    source.prescriptive = data.prescriptive
    source.contexts = " ".join(data.contexts)
    session.add(source)
    return source


def replace_source_claims(session: Session, data: SourceIn) -> int:
    """Citations about a source and the claims on its fields, replaced wholesale."""
    session.execute(delete(Citation).where(Citation.described_source_id == data.id))
    _delete_claims(session, "source", [data.id])
    for citation in data.cited_by:
        _add_citation(session, citation, described_source_id=data.id)
    for claim in data.claims:
        _add_claim(session, "source", data.id, claim)
    return len(data.claims)


def upsert_curated_place(session: Session, data: PlaceIn) -> PlaceWriteStats:
    """Write one curated place; names keep their ids (matched by seed key) across reloads.

    An unchanged record is left alone, so its `version` moves only when its content does.
    Names, citations and claims that the GeoNames importer added to the place are kept.
    """
    stats = PlaceWriteStats.of(data)
    digest = seed_digest(data)
    drop_imported_duplicate(session, data.external_ids.geonames, data.id)
    existing_place = session.get(Place, data.id)
    if existing_place is not None and existing_place.content_hash == digest:
        return stats
    place = existing_place or Place(id=data.id, feature_type=data.feature_type)
    place.content_hash = digest
    place.feature_type = data.feature_type
    place.country_codes = " ".join(data.country_codes)
    place.admin_region = data.admin_region
    place.latitude = data.coordinates.lat if data.coordinates else None
    place.longitude = data.coordinates.lon if data.coordinates else None
    place.population = data.population
    place.geonames_id = data.external_ids.geonames
    place.wikidata_id = data.external_ids.wikidata
    place.osm_id = data.external_ids.osm
    place.status_note = data.status_note
    place.note = data.note
    place.confidence = data.confidence
    place.origin = Origin.CURATED
    place.version = (existing_place.version or 0) + 1 if existing_place is not None else 1
    place.updated_at = dt.datetime.now(dt.UTC)
    session.add(place)
    session.flush()

    _clear_place_details(session, data.id)
    curated_names = select(Name).where(Name.place_id == data.id, Name.origin == Origin.CURATED)
    existing = {n.seed_key: n for n in session.scalars(curated_names).all() if n.seed_key}
    wanted = {x.key for x in data.names}
    stale_ids = [n.id for key, n in existing.items() if key not in wanted]
    if stale_ids:
        session.execute(delete(Name).where(Name.id.in_(stale_ids)))
    session.execute(
        delete(Name).where(
            Name.place_id == data.id, Name.origin == Origin.CURATED, Name.seed_key.is_(None)
        )
    )

    names_by_key: dict[str, Name] = {}
    for name_in in data.names:
        name = existing.get(name_in.key) or Name(
            place_id=data.id, seed_key=name_in.key, text=name_in.text, lang=name_in.lang,
            kind=name_in.kind,
        )
        period = name_in.period
        name.text = name_in.text
        name.lang = name_in.lang
        name.kind = name_in.kind
        name.preferred = name_in.preferred
        for column, value in period_columns(
            period.from_ if period else None, period.to if period else None
        ).items():
            setattr(name, column, value)
        name.romanisation_system = name_in.romanisation_system
        name.romanisation_of_id = None
        name.note = _join_notes(name_in.note, period.note if period else None)
        name.confidence = name_in.confidence
        name.origin = Origin.CURATED
        session.add(name)
        names_by_key[name_in.key] = name
    session.flush()
    for name_in in data.names:
        name = names_by_key[name_in.key]
        if name_in.romanisation_of:
            name.romanisation_of_id = names_by_key[name_in.romanisation_of].id
        for citation in name_in.sources:
            _add_citation(session, citation, name_id=name.id)
        for claim in name_in.claims:
            _add_claim(session, "name", str(name.id), claim)

    for citation in data.sources:
        _add_citation(session, citation, place_id=data.id)
    for att_in in data.attestations:
        attestation = Attestation(
            place_id=data.id,
            name_id=names_by_key[att_in.name].id if att_in.name else None,
            source_id=att_in.source,
            label=att_in.label,
            role=att_in.role,
            locator=att_in.locator,
            quote=att_in.quote,
            note=att_in.note,
            confidence=att_in.confidence,
        )
        session.add(attestation)
        session.flush()
        for citation in att_in.sources:
            _add_citation(session, citation, attestation_id=attestation.id)
    for sov_in in data.sovereignty:
        start = parse_optional(sov_in.from_)
        statement = Sovereignty(
            place_id=data.id, source_id=sov_in.source, aspect=sov_in.aspect,
            status=sov_in.status, valid_from=start.text if start else None,
            from_earliest=start.earliest if start else None, note=sov_in.note,
            confidence=sov_in.confidence,
        )
        session.add(statement)
        session.flush()
        for citation in sov_in.sources:
            _add_citation(session, citation, sovereignty_id=statement.id)
    for claim in data.claims:
        _add_claim(session, "place", data.id, claim)
    session.flush()
    return stats


def _clear_place_details(session: Session, place_id: str) -> None:
    """Remove what the seed wrote for a place (not what an importer added to it)."""
    name_ids = select(Name.id).where(Name.place_id == place_id, Name.origin == Origin.CURATED)
    session.execute(delete(Citation).where(Citation.place_id == place_id))
    session.execute(delete(Citation).where(Citation.name_id.in_(name_ids)))
    _delete_claims(session, "name", [str(i) for i in session.scalars(name_ids)])
    _delete_claims(session, "place", [place_id])
    att_ids = select(Attestation.id).where(Attestation.place_id == place_id)
    session.execute(delete(Citation).where(Citation.attestation_id.in_(att_ids)))
    session.execute(delete(Attestation).where(Attestation.place_id == place_id))
    sov_ids = select(Sovereignty.id).where(Sovereignty.place_id == place_id)
    session.execute(delete(Citation).where(Citation.sovereignty_id.in_(sov_ids)))
    session.execute(delete(Sovereignty).where(Sovereignty.place_id == place_id))


def _delete_claims(session: Session, subject_type: str, subject_ids: Sequence[str]) -> None:
    if not subject_ids:
        return
    claim_ids = select(Claim.id).where(
        Claim.subject_type == subject_type, Claim.subject_id.in_(subject_ids)
    )
    session.execute(delete(Citation).where(Citation.claim_id.in_(claim_ids)))
    session.execute(
        delete(Claim).where(Claim.subject_type == subject_type, Claim.subject_id.in_(subject_ids))
    )


def _add_claim(session: Session, subject_type: str, subject_id: str, data: ClaimIn) -> None:
    claim = Claim(
        subject_type=subject_type, subject_id=subject_id, field=data.field, value=data.value,
        note=data.note,
    )
    session.add(claim)
    session.flush()
    for citation in data.sources:
        _add_citation(session, citation, claim_id=claim.id)


def _add_citation(session: Session, data: CitationIn, **subject: object) -> None:
    session.add(Citation(source_id=data.source, locator=data.locator, note=data.note, **subject))


def _join_notes(*notes: str | None) -> str | None:
    present = [n for n in notes if n]
    return " ".join(present) if present else None


# ---------------------------------------------------------------- reads


@dataclass
class PlaceDetails:
    """A place with everything the full record shows, fetched in a fixed number of queries."""

    place: Place
    names: list[Name]
    attestations: list[Attestation]
    sovereignty: list[Sovereignty]
    sources: dict[str, Source]
    citations: dict[tuple[str, object], list[Citation]] = field(default_factory=dict)
    claims: dict[tuple[str, str], list[Claim]] = field(default_factory=dict)


def get_place(session: Session, place_id: str) -> Place | None:
    return session.get(Place, place_id)


def get_place_details(session: Session, place: Place) -> PlaceDetails:
    names = list(
        session.scalars(
            select(Name).where(Name.place_id == place.id).order_by(Name.lang, Name.id)
        )
    )
    attestations = list(
        session.scalars(
            select(Attestation).where(Attestation.place_id == place.id).order_by(Attestation.id)
        )
    )
    sovereignty = list(
        session.scalars(
            select(Sovereignty).where(Sovereignty.place_id == place.id).order_by(Sovereignty.id)
        )
    )
    name_ids = [n.id for n in names]
    claims = claims_for(session, [("place", place.id)] + [("name", str(i)) for i in name_ids])
    claim_ids = [c.id for group in claims.values() for c in group]
    citations = citations_for(
        session,
        place_ids=[place.id],
        name_ids=name_ids,
        attestation_ids=[a.id for a in attestations],
        sovereignty_ids=[s.id for s in sovereignty],
        claim_ids=claim_ids,
    )
    source_ids = {a.source_id for a in attestations} | {s.source_id for s in sovereignty}
    source_ids |= {c.source_id for group in citations.values() for c in group}
    return PlaceDetails(
        place=place, names=names, attestations=attestations, sovereignty=sovereignty,
        sources=sources_by_id(session, source_ids), citations=citations, claims=claims,
    )


def citations_for(
    session: Session,
    *,
    place_ids: Sequence[str] = (),
    name_ids: Sequence[int | None] = (),
    attestation_ids: Sequence[int | None] = (),
    sovereignty_ids: Sequence[int | None] = (),
    claim_ids: Sequence[int | None] = (),
    described_source_ids: Sequence[str] = (),
) -> dict[tuple[str, object], list[Citation]]:
    """Citations grouped by (subject column, subject id)."""
    columns = {
        "place_id": place_ids,
        "name_id": name_ids,
        "attestation_id": attestation_ids,
        "sovereignty_id": sovereignty_ids,
        "claim_id": claim_ids,
        "described_source_id": described_source_ids,
    }
    conditions = [getattr(Citation, col).in_(list(ids)) for col, ids in columns.items() if ids]
    grouped: dict[tuple[str, object], list[Citation]] = defaultdict(list)
    if not conditions:
        return grouped
    for citation in session.scalars(select(Citation).where(or_(*conditions)).order_by(Citation.id)):
        for column in columns:
            value = getattr(citation, column)
            if value is not None:
                grouped[(column, value)].append(citation)
    return grouped


def claims_for(
    session: Session, subjects: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], list[Claim]]:
    grouped: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    by_type: dict[str, list[str]] = defaultdict(list)
    for subject_type, subject_id in subjects:
        by_type[subject_type].append(subject_id)
    for subject_type, ids in by_type.items():
        rows = session.scalars(
            select(Claim)
            .where(Claim.subject_type == subject_type, Claim.subject_id.in_(ids))
            .order_by(Claim.id)
        )
        for claim in rows:
            grouped[(claim.subject_type, claim.subject_id)].append(claim)
    return grouped


def sources_by_id(session: Session, ids: set[str] | Sequence[str]) -> dict[str, Source]:
    if not ids:
        return {}
    return {s.id: s for s in session.scalars(select(Source).where(Source.id.in_(list(ids))))}


def places_by_id(session: Session, ids: Sequence[str]) -> dict[str, Place]:
    if not ids:
        return {}
    return {p.id: p for p in session.scalars(select(Place).where(Place.id.in_(list(ids))))}


def preferred_labels(session: Session, place_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """For each place, one display name per language (see gazetteer.labels).

    Selects four columns and skips untagged variants in SQL: a GeoNames place has dozens of
    `und-*` alternates that can never be a label, and this query runs for every search.
    """
    if not place_ids:
        return {}
    rows = session.execute(
        select(Name.place_id, Name.id, Name.lang, Name.text, Name.preferred).where(
            Name.place_id.in_(list(place_ids)), ~Name.lang.startswith("und")
        )
    )
    by_place: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_place[row.place_id].append(row)
    return {place_id: display_labels(names) for place_id, names in by_place.items()}


@dataclass
class PlaceFilters:
    feature_type: str | None = None
    country: str | None = None
    admin_region: str | None = None
    origin: str | None = None


def list_places(
    session: Session, filters: PlaceFilters, *, limit: int, offset: int
) -> tuple[int, list[Place]]:
    query = select(Place)
    if filters.feature_type:
        query = query.where(Place.feature_type == filters.feature_type)
    if filters.country:
        # country_codes is space-separated; pad it so "RU" cannot match inside another code.
        padded = literal(" ", String) + Place.country_codes + literal(" ", String)
        query = query.where(padded.contains(f" {filters.country.upper()} "))
    if filters.admin_region:
        query = query.where(func.lower(Place.admin_region) == filters.admin_region.lower())
    if filters.origin:
        query = query.where(Place.origin == filters.origin)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Place.id).limit(limit).offset(offset))
    return total, list(rows)


def list_sources(
    session: Session, *, kind: str | None, limit: int, offset: int
) -> tuple[int, list[Source]]:
    query = select(Source)
    if kind:
        query = query.where(Source.kind == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Source.date_earliest.is_(None), Source.date_earliest, Source.id)
        .limit(limit)
        .offset(offset)
    )
    return total, list(rows)


def get_source(session: Session, source_id: str) -> Source | None:
    return session.get(Source, source_id)


def attestations_of_source(session: Session, source_id: str) -> list[tuple[Attestation, Name | None]]:
    rows = session.execute(
        select(Attestation, Name)
        .join(Name, Name.id == Attestation.name_id, isouter=True)
        .where(Attestation.source_id == source_id)
        .order_by(Attestation.place_id, Attestation.id)
    )
    return [(a, n) for a, n in rows]


def names_by_id(session: Session, ids: Sequence[int]) -> dict[int, Name]:
    if not ids:
        return {}
    return {n.id: n for n in session.scalars(select(Name).where(Name.id.in_(list(ids))))}


def romanisation_originals(
    session: Session, name_ids: Sequence[int] | None = None
) -> dict[int, Name]:
    """For romanised names (all, or those given), the name each one romanises."""
    original = Name.__table__.alias("original")
    query = select(Name.id, original.c.id, original.c.text, original.c.lang, original.c.kind).join(
        original, original.c.id == Name.romanisation_of_id
    )
    if name_ids is not None:
        if not name_ids:
            return {}
        query = query.where(Name.id.in_(list(name_ids)))
    return {
        row[0]: Name(id=row[1], place_id="", text=row[2], lang=row[3], kind=row[4])
        for row in session.execute(query)
    }


def count_names(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Name)) or 0


def iter_index_rows(session: Session, batch_size: int = 20_000) -> Iterator[IndexedName]:
    """Every name joined with its place's filters, streamed for the search index build."""
    query = (
        select(
            Name.id, Name.place_id, Name.text, Name.lang, Name.kind, Place.feature_type,
            Place.country_codes, Place.population, Place.origin,
        )
        .join(Place, Place.id == Name.place_id)
        .order_by(Name.id)  # the same index, whatever order the backend returns rows in
        .execution_options(yield_per=batch_size)
    )
    for row in session.execute(query):
        curated = row.origin == Origin.CURATED
        yield IndexedName(
            name_id=row.id,
            place_id=row.place_id,
            text=row.text,
            lang=row.lang,
            kind=row.kind,
            feature_type=row.feature_type,
            country_codes=tuple(row.country_codes.split()),
            importance=importance(row.population, curated=curated),
            curated=curated,
        )


def importance(population: int | None, *, curated: bool) -> float:
    """0..1: curated records first, then bigger places; log-scaled so cities don't swamp towns."""
    import math

    pop_part = min(1.0, math.log10(population + 1) / 7.5) if population else 0.0
    return round(0.5 * pop_part + (0.5 if curated else 0.0), 4)


# ---------------------------------------------------------------- bulk import
# Core statements with executemany: the ORM's unit of work costs ~10× more per row at a million
# names. Each function writes into the caller's transaction (one per batch) and never commits.


@dataclass
class BulkBatchStats:
    places_created: int = 0
    places_updated: int = 0
    places_unchanged: int = 0
    curated_matched: int = 0
    names_inserted: int = 0
    names_deleted: int = 0
    names_updated: int = 0
    names_kept: int = 0
    names_skipped_curated: int = 0
    citations_inserted: int = 0

    def add(self, other: BulkBatchStats) -> None:
        """Accumulate another batch's counts into these."""
        for counter in fields(BulkBatchStats):
            setattr(self, counter.name, getattr(self, counter.name) + getattr(other, counter.name))


_BULK_PLACE_FIELDS = (
    "feature_type", "country_codes", "admin_region", "latitude", "longitude", "population",
    "geonames_id",
)
_IN_CHUNK = 5000  # below SQLite's and PostgreSQL's bound-parameter limits


def _chunks(items: Sequence, size: int = _IN_CHUNK) -> Iterator[Sequence]:  # type: ignore[type-arg]
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_rows(session: Session, table, rows: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    """Insert rows of one shape: COPY on PostgreSQL, executemany elsewhere.

    psycopg's executemany sends one INSERT per row (pipelined): about 6,000 names/s here; COPY
    in the same transaction is several times faster. SQLite's executemany runs in C already.
    """
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        from sqlalchemy import insert

        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    raw = connection.connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def ensure_source(session: Session, data: SourceIn) -> bool:
    """Insert the source if it is missing; an existing (curated) record is never overwritten."""
    if session.get(Source, data.id) is not None:
        return False
    upsert_source(session, data)
    session.flush()
    return True


def curated_places_by_geonames_id(session: Session) -> dict[int, str]:
    """GeoNames id → id of the non-imported place that carries it."""
    rows = session.execute(
        select(Place.geonames_id, Place.id).where(
            Place.geonames_id.is_not(None), Place.origin != Origin.GEONAMES
        )
    )
    return {geonames_id: place_id for geonames_id, place_id in rows}


def write_geonames_batch(
    session: Session,
    batch: Sequence,  # Sequence[gazetteer.importers.geonames.MappedPlace]
    *,
    curated: dict[int, str],
    source_id: str,
    name_citations: bool,
) -> BulkBatchStats:
    """Upsert a batch of imported places and bring their GeoNames names in line with the file.

    Names are matched on (text, lang), so unchanged names keep their ids (and citations) across
    re-runs; names no longer in the file are deleted, new ones inserted. Curated places matched
    by GeoNames id are not touched, except that names they lack (by text) are added with origin
    `geonames` and a citation each.
    """
    import datetime as dt

    from sqlalchemy import bindparam, insert, update

    from gazetteer.vocabulary import NameKind

    stats = BulkBatchStats()
    place_table = Place.__table__
    name_table = Name.__table__
    citation_table = Citation.__table__
    now = dt.datetime.now(dt.UTC)

    own = [m for m in batch if m.geonames_id not in curated]
    matched = [m for m in batch if m.geonames_id in curated]
    stats.curated_matched = len(matched)

    # Places: insert the new, update the changed, leave the rest alone (version bumps on change).
    own_ids = [m.place["id"] for m in own]
    existing: dict[str, tuple] = {}  # type: ignore[type-arg]
    for chunk in _chunks(own_ids):
        columns = [place_table.c.id] + [place_table.c[f] for f in _BULK_PLACE_FIELDS]
        for row in session.execute(select(*columns).where(place_table.c.id.in_(chunk))):
            existing[row[0]] = tuple(row[1:])
    new_rows, changed_rows = [], []
    for m in own:
        values = tuple(m.place[f] for f in _BULK_PLACE_FIELDS)
        old = existing.get(m.place["id"])
        if old is None:
            new_rows.append({**m.place, "version": 1, "updated_at": now})
        elif old != values:
            changed_rows.append(
                {"b_id": m.place["id"], "updated_at": now}
                | {f: m.place[f] for f in _BULK_PLACE_FIELDS}
            )
        else:
            stats.places_unchanged += 1
    _insert_rows(session, place_table, new_rows)
    if changed_rows:
        session.execute(
            update(place_table)
            .where(place_table.c.id == bindparam("b_id"))
            .values(version=place_table.c.version + 1),
            changed_rows,
        )
    stats.places_created = len(new_rows)
    stats.places_updated = len(changed_rows)

    # Names: what the database has for these places now.
    own_set = set(own_ids)
    target = {m.place["id"]: m for m in own} | {curated[m.geonames_id]: m for m in matched}
    geonames_names: dict[str, dict[tuple[str, str], tuple[int, str, bool]]] = defaultdict(dict)
    curated_texts: dict[str, set[str]] = defaultdict(set)
    # Only places that were already there can have names: a first import skips the lookup (and
    # PostgreSQL's planner, whose statistics lag behind a table filling up, never sees it).
    known = [pid for pid in target if pid in existing or pid not in own_set]
    for chunk in _chunks(known):
        rows = session.execute(
            select(
                name_table.c.id, name_table.c.place_id, name_table.c.text, name_table.c.lang,
                name_table.c.kind, name_table.c.preferred, name_table.c.origin,
            ).where(name_table.c.place_id.in_(chunk))
        )
        for row in rows:
            if row.origin == Origin.GEONAMES:
                key = (row.text, row.lang)
                geonames_names[row.place_id][key] = (row.id, row.kind, row.preferred)
            else:
                curated_texts[row.place_id].add(row.text)

    variant = NameKind.VARIANT.value
    to_insert: list[dict[str, object]] = []
    insert_geonames_ids: list[int] = []
    cite_each: list[bool] = []
    to_update: list[dict[str, object]] = []
    to_delete: list[int] = []
    for place_id, m in target.items():
        is_curated = place_id not in own_set
        have = geonames_names.get(place_id, {})
        wanted: set[tuple[str, str]] = set()
        for name in m.names:
            if is_curated and name.text in curated_texts.get(place_id, ()):
                stats.names_skipped_curated += 1
                continue
            preferred = name.preferred and not is_curated
            key = (name.text, name.lang)
            wanted.add(key)
            old = have.get(key)
            if old is None:
                to_insert.append({
                    "place_id": place_id, "text": name.text, "lang": name.lang, "kind": variant,
                    "preferred": preferred, "confidence": "medium", "origin": Origin.GEONAMES.value,
                })
                insert_geonames_ids.append(m.geonames_id)
                cite_each.append(name_citations or is_curated)
            elif old[1] != variant or old[2] != preferred:
                to_update.append({"b_id": old[0], "kind": variant, "preferred": preferred})
            else:
                stats.names_kept += 1
        to_delete.extend(ident for key, (ident, _, _) in have.items() if key not in wanted)

    for chunk in _chunks(to_delete):
        session.execute(delete(name_table).where(name_table.c.id.in_(chunk)))
    if to_update:
        session.execute(
            update(name_table).where(name_table.c.id == bindparam("b_id")), to_update
        )
    citations: list[dict[str, object]] = []
    if to_insert:
        if any(cite_each):
            ids = session.execute(
                insert(name_table).returning(name_table.c.id, sort_by_parameter_order=True),
                to_insert,
            ).scalars().all()
            citations.extend(
                {"source_id": source_id, "locator": f"geonameid {gid}", "name_id": name_id}
                for name_id, gid, cite in zip(ids, insert_geonames_ids, cite_each, strict=True)
                if cite
            )
        else:
            _insert_rows(session, name_table, to_insert)
    stats.names_inserted = len(to_insert)
    stats.names_deleted = len(to_delete)
    stats.names_updated = len(to_update)

    # One citation per imported place carries the GeoNames id for the place and (unless
    # name_citations) for its imported names; added only where missing.
    cited: set[str] = set()
    for chunk in _chunks(list(existing)):
        # Filtered on source in Python: with `source_id = …` in SQL, PostgreSQL picked the
        # source index (every row matches) over the place index and took 10 s per batch.
        rows = session.execute(
            select(citation_table.c.place_id, citation_table.c.source_id).where(
                citation_table.c.place_id.in_(chunk)
            )
        )
        cited.update(place_id for place_id, source in rows if source == source_id)
    citations.extend(
        {"source_id": source_id, "locator": f"geonameid {m.geonames_id}", "place_id": m.place["id"]}
        for m in own
        if m.place["id"] not in cited
    )
    # executemany needs one shape: split by subject column.
    for column in ("name_id", "place_id"):
        _insert_rows(session, citation_table, [c for c in citations if column in c])
    stats.citations_inserted = len(citations)
    return stats


# ---------------------------------------------------------------- history and usage


def names_of_places(session: Session, place_ids: Sequence[str]) -> dict[str, list[Name]]:
    """Every name of each place, in one query (for `at` on a page of search hits)."""
    grouped: dict[str, list[Name]] = defaultdict(list)
    if not place_ids:
        return grouped
    rows = session.scalars(
        select(Name).where(Name.place_id.in_(list(place_ids))).order_by(Name.lang, Name.id)
    )
    for name in rows:
        grouped[name.place_id].append(name)
    return grouped


def attestations_of_place(
    session: Session, place_id: str, *, source_kind: str | None = None
) -> list[tuple[Attestation, Source, Name | None]]:
    """A place's attestations with their sources and names, sources in date order."""
    query = (
        select(Attestation, Source, Name)
        .join(Source, Source.id == Attestation.source_id)
        .join(Name, Name.id == Attestation.name_id, isouter=True)
        .where(Attestation.place_id == place_id)
    )
    if source_kind:
        query = query.where(Source.kind == source_kind)
    query = query.order_by(
        Source.date_earliest.is_(None), Source.date_earliest, Source.id, Attestation.id
    )
    return [(a, s, n) for a, s, n in session.execute(query)]


def prescriptive_sources(session: Session, context: str) -> list[Source]:
    """Sources whose rules apply in a usage context (contexts is space-separated text)."""
    # `||` rather than concat(): SQLite before 3.44 has no concat() function.
    padded = literal(" ") + Source.contexts + literal(" ")
    rows = session.scalars(
        select(Source)
        .where(Source.prescriptive.is_(True), padded.contains(f" {context} "))
        .order_by(Source.date_earliest.is_(None), Source.date_earliest.desc(), Source.id)
    )
    return list(rows)


def attestations_of_source_page(
    session: Session, source_id: str, *, place_id: str | None, limit: int, offset: int
) -> tuple[int, list[tuple[Attestation, Name | None]]]:
    """One page of what a source printed, place by place."""
    query = select(Attestation, Name).join(Name, Name.id == Attestation.name_id, isouter=True)
    query = query.where(Attestation.source_id == source_id)
    if place_id:
        query = query.where(Attestation.place_id == place_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(Attestation.place_id, Attestation.id).limit(limit).offset(offset)
    )
    return total, [(a, n) for a, n in rows]


def drop_imported_duplicate(session: Session, geonames_id: int | None, place_id: str) -> bool:
    """Delete the imported place that holds `geonames_id`, before a curated record takes it.

    Loading the seed after an import would otherwise break the unique GeoNames id. Its names and
    citations go with it (ON DELETE CASCADE); the next import adds the GeoNames names that the
    curated record lacks, as it does for every curated record matched by GeoNames id.
    """
    if geonames_id is None:
        return False
    result = session.execute(
        delete(Place).where(
            Place.geonames_id == geonames_id, Place.origin == Origin.GEONAMES, Place.id != place_id
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def analyze_imported_tables(session: Session) -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL; SQLite plans fine without)."""
    if session.connection().dialect.name == "postgresql":
        from sqlalchemy import text

        session.execute(text("ANALYZE place, name, citation"))
