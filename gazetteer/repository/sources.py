"""Sources (maps, regulations, treaties, reference works) and what they printed."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, literal, select
from sqlmodel import Session

from gazetteer.dates import parse_optional
from gazetteer.inputs import SourceIn
from gazetteer.models import Attestation, Citation, Name, Source
from gazetteer.repository.citations import add_citation, add_claim, delete_claims


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
    delete_claims(session, "source", [data.id])
    for citation in data.cited_by:
        add_citation(session, citation, described_source_id=data.id)
    for claim in data.claims:
        add_claim(session, "source", data.id, claim)
    return len(data.claims)


def sources_by_id(session: Session, ids: set[str] | Sequence[str]) -> dict[str, Source]:
    if not ids:
        return {}
    return {s.id: s for s in session.scalars(select(Source).where(Source.id.in_(list(ids))))}


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


def prescriptive_sources(session: Session, context: str | None = None) -> list[Source]:
    """Sources whose rules apply in a usage context (contexts is space-separated text), or
    every prescriptive source when no context is given; newest first."""
    query = select(Source).where(Source.prescriptive.is_(True))
    if context is not None:
        # `||` rather than concat(): SQLite before 3.44 has no concat() function.
        padded = literal(" ") + Source.contexts + literal(" ")
        query = query.where(padded.contains(f" {context} "))
    order = (Source.date_earliest.is_(None), Source.date_earliest.desc(), Source.id)
    return list(session.scalars(query.order_by(*order)))


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


def sources_that_attest(session: Session) -> set[str]:
    """Ids of the sources that printed at least one recorded label."""
    return set(session.scalars(select(Attestation.source_id).distinct()))
