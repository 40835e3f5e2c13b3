"""Places and their names, attestations and status statements: reads and curated writes."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, delete, func, literal, select
from sqlmodel import Session

from gazetteer.dates import parse_optional, period_columns
from gazetteer.inputs import PlaceIn
from gazetteer.labels import display_labels
from gazetteer.models import Attestation, Citation, Claim, Name, Place, Source, Sovereignty
from gazetteer.repository.citations import (
    add_citation,
    add_claim,
    citations_for,
    claims_for,
    delete_claims,
    join_notes,
)
from gazetteer.repository.sources import sources_by_id
from gazetteer.vocabulary import Origin


@dataclass
class PlaceWriteStats:
    names: int = 0
    attestations: int = 0
    sovereignty: int = 0
    claims: int = 0
    citations: int = 0
    # Places this call changed or deleted (for the change log): empty for an unchanged record.
    changed_places: list[str] = field(default_factory=list)

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


def upsert_curated_place(session: Session, data: PlaceIn) -> PlaceWriteStats:
    """Write one curated place; names keep their ids (matched by seed key) across reloads.

    An unchanged record is left alone, so its `version` moves only when its content does.
    Names, citations and claims that the GeoNames importer added to the place are kept.
    """
    stats = PlaceWriteStats.of(data)
    digest = seed_digest(data)
    dropped = drop_imported_duplicate(session, data.external_ids.geonames, data.id)
    if dropped is not None:
        stats.changed_places.append(dropped)
    existing_place = session.get(Place, data.id)
    if existing_place is not None and existing_place.content_hash == digest:
        return stats
    stats.changed_places.append(data.id)
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
        name.derived = name_in.derived
        name.note = join_notes(name_in.note, period.note if period else None)
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
            add_citation(session, citation, name_id=name.id)
        for claim in name_in.claims:
            add_claim(session, "name", str(name.id), claim)

    for citation in data.sources:
        add_citation(session, citation, place_id=data.id)
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
            add_citation(session, citation, attestation_id=attestation.id)
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
            add_citation(session, citation, sovereignty_id=statement.id)
    for claim in data.claims:
        add_claim(session, "place", data.id, claim)
    session.flush()
    return stats


def _clear_place_details(session: Session, place_id: str) -> None:
    """Remove what the seed wrote for a place (not what an importer added to it)."""
    name_ids = select(Name.id).where(Name.place_id == place_id, Name.origin == Origin.CURATED)
    session.execute(delete(Citation).where(Citation.place_id == place_id))
    session.execute(delete(Citation).where(Citation.name_id.in_(name_ids)))
    delete_claims(session, "name", [str(i) for i in session.scalars(name_ids)])
    delete_claims(session, "place", [place_id])
    att_ids = select(Attestation.id).where(Attestation.place_id == place_id)
    session.execute(delete(Citation).where(Citation.attestation_id.in_(att_ids)))
    session.execute(delete(Attestation).where(Attestation.place_id == place_id))
    sov_ids = select(Sovereignty.id).where(Sovereignty.place_id == place_id)
    session.execute(delete(Citation).where(Citation.sovereignty_id.in_(sov_ids)))
    session.execute(delete(Sovereignty).where(Sovereignty.place_id == place_id))


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


def places_by_id(session: Session, ids: Sequence[str]) -> dict[str, Place]:
    if not ids:
        return {}
    return {p.id: p for p in session.scalars(select(Place).where(Place.id.in_(list(ids))))}


def preferred_labels(session: Session, place_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """For each place asked about, one display name per language (see gazetteer.labels).

    Every id asked about has an entry, `{}` when none of its names carries a language tag:
    callers index the answer by id (a missing key was the 500 of /usage on imported places).
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
    return {place_id: display_labels(by_place.get(place_id, ())) for place_id in place_ids}


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


def drop_imported_duplicate(
    session: Session, geonames_id: int | None, place_id: str
) -> str | None:
    """Delete the imported place that holds `geonames_id`, before a curated record takes it.

    Loading the seed after an import would otherwise break the unique GeoNames id. Its names and
    citations go with it (ON DELETE CASCADE); the next import adds the GeoNames names that the
    curated record lacks, as it does for every curated record matched by GeoNames id.
    Returns the id of the place deleted, if any.
    """
    if geonames_id is None:
        return None
    return session.scalar(
        delete(Place)
        .where(
            Place.geonames_id == geonames_id, Place.origin == Origin.GEONAMES, Place.id != place_id
        )
        .returning(Place.id)
    )
