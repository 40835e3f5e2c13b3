"""The full view of one source: what it is, who says so, and every label it printed."""

from __future__ import annotations

from sqlmodel import Session

from gazetteer import repository
from gazetteer.errors import SourceNotFound
from gazetteer.labels import place_label
from gazetteer.models import Attestation, Name, Source
from gazetteer.schemas import SourceAttestation, SourceDetail, SourceOut
from gazetteer.views.records import citations_out, claims_out, source_out


def find_source(session: Session, source_id: str) -> Source:
    """The source with this id, or SourceNotFound (a 404)."""
    source = repository.get_source(session, source_id)
    if source is None:
        raise SourceNotFound(f"No source has the id {source_id!r}.")
    return source


def sources_with_attestations(session: Session, limit: int = 1000) -> list[SourceOut]:
    """Every source that printed a name we record, in date order: the compare page's choices."""
    _, sources = repository.list_sources(session, kind=None, limit=limit, offset=0)
    printing = repository.sources_that_attest(session)
    return [source_out(s) for s in sources if s.id in printing]


def source_detail(session: Session, source: Source) -> SourceDetail:
    rows = repository.attestations_of_source(session, source.id)
    labels = repository.preferred_labels(session, sorted({a.place_id for a, _ in rows}))
    claims = repository.claims_for(session, [("source", source.id)]).get(("source", source.id), [])
    citations = repository.citations_for(
        session, described_source_ids=[source.id], claim_ids=[c.id for c in claims]
    )
    cited_ids = {c.source_id for group in citations.values() for c in group}
    sources = repository.sources_by_id(session, cited_ids)
    printed: list[str] = []
    for attestation, _ in rows:
        if attestation.label not in printed:
            printed.append(attestation.label)
    return SourceDetail(
        **source_out(source).model_dump(),
        claims=claims_out(claims, citations, sources),
        cited_by=citations_out(citations.get(("described_source_id", source.id), []), sources),
        printed_labels=printed,
        attestations=[
            SourceAttestation(**printed_label_fields(attestation, name, labels))  # type: ignore[arg-type]
            for attestation, name in rows
        ],
    )


def printed_label_fields(
    attestation: Attestation, name: Name | None, labels: dict[str, dict[str, str]]
) -> dict[str, object]:
    """The fields every view of "what a source printed" shares."""
    return {
        "place_id": attestation.place_id,
        "place_label": place_label(labels.get(attestation.place_id, {})),
        "name_id": attestation.name_id,
        "name_text": name.text if name else None,
        "name_lang": name.lang if name else None,
        "label": attestation.label,
        "role": attestation.role,
        "locator": attestation.locator,
        "quote": attestation.quote,
        "note": attestation.note,
        "confidence": attestation.confidence,
    }
