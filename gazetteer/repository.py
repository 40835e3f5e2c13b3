"""All SQL lives here: no HTTP, no commit (the caller owns the transaction)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, or_, select
from sqlmodel import Session

from gazetteer.dates import parse_optional
from gazetteer.importers.seed_schema import CitationIn, ClaimIn, PlaceIn, SourceIn
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
    """Write one curated place; names keep their ids (matched by seed key) across reloads."""
    stats = PlaceWriteStats()
    place = session.get(Place, data.id) or Place(id=data.id, feature_type=data.feature_type)
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
    place.version = (place.version or 0) + 1 if place in session else 1
    session.add(place)
    session.flush()

    _clear_place_details(session, data.id)
    existing = {
        n.seed_key: n
        for n in session.scalars(select(Name).where(Name.place_id == data.id)).all()
        if n.seed_key
    }
    stale_ids = [n.id for key, n in existing.items() if key not in {x.key for x in data.names}]
    if stale_ids:
        session.execute(delete(Name).where(Name.id.in_(stale_ids)))
    session.execute(
        delete(Name).where(Name.place_id == data.id, Name.seed_key.is_(None))
    )

    names_by_key: dict[str, Name] = {}
    for name_in in data.names:
        name = existing.get(name_in.key) or Name(
            place_id=data.id, seed_key=name_in.key, text=name_in.text, lang=name_in.lang,
            kind=name_in.kind,
        )
        period = name_in.period
        start = parse_optional(period.from_ if period else None)
        end = parse_optional(period.to if period else None)
        name.text = name_in.text
        name.lang = name_in.lang
        name.kind = name_in.kind
        name.preferred = name_in.preferred
        name.valid_from = start.text if start else None
        name.valid_to = end.text if end else None
        name.from_earliest = start.earliest if start else None
        name.from_latest = start.latest if start else None
        name.to_earliest = end.earliest if end else None
        name.to_latest = end.latest if end else None
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
            stats.citations += 1
        for claim in name_in.claims:
            _add_claim(session, "name", str(name.id), claim)
            stats.claims += 1
    stats.names = len(data.names)

    for citation in data.sources:
        _add_citation(session, citation, place_id=data.id)
        stats.citations += 1
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
            stats.citations += 1
        stats.attestations += 1
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
            stats.citations += 1
        stats.sovereignty += 1
    for claim in data.claims:
        _add_claim(session, "place", data.id, claim)
        stats.claims += 1
    session.flush()
    return stats


def _clear_place_details(session: Session, place_id: str) -> None:
    name_ids = select(Name.id).where(Name.place_id == place_id)
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
    """For each place, one display name per language (preferred first, then official)."""
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    if not place_ids:
        return labels
    rows = session.scalars(
        select(Name)
        .where(Name.place_id.in_(list(place_ids)))
        .order_by(Name.preferred.desc(), Name.id)
    )
    for name in rows:
        labels[name.place_id].setdefault(name.lang, name.text)
    return labels


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
        padded = func.concat(" ", Place.country_codes, " ")
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


def iter_index_rows(session: Session, batch_size: int = 20_000) -> Iterator[IndexedName]:
    """Every name joined with its place's filters, streamed for the search index build."""
    query = (
        select(
            Name.id, Name.place_id, Name.text, Name.lang, Name.kind, Place.feature_type,
            Place.country_codes, Place.population, Place.origin,
        )
        .join(Place, Place.id == Name.place_id)
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
