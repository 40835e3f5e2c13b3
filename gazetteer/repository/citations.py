"""Citations and claims: the provenance rows every aggregate shares."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import and_, delete, or_, select
from sqlmodel import Session

from gazetteer.inputs import CitationIn, ClaimIn
from gazetteer.models import Citation, Claim


def delete_claims(session: Session, subject_type: str, subject_ids: Sequence[str]) -> None:
    if not subject_ids:
        return
    claim_ids = select(Claim.id).where(
        Claim.subject_type == subject_type, Claim.subject_id.in_(subject_ids)
    )
    session.execute(delete(Citation).where(Citation.claim_id.in_(claim_ids)))
    session.execute(
        delete(Claim).where(Claim.subject_type == subject_type, Claim.subject_id.in_(subject_ids))
    )


def add_claim(session: Session, subject_type: str, subject_id: str, data: ClaimIn) -> None:
    claim = Claim(
        subject_type=subject_type, subject_id=subject_id, field=data.field, value=data.value,
        note=data.note,
    )
    session.add(claim)
    session.flush()
    for citation in data.sources:
        add_citation(session, citation, claim_id=claim.id)


def add_citation(session: Session, data: CitationIn, **subject: object) -> None:
    session.add(Citation(source_id=data.source, locator=data.locator, note=data.note, **subject))


def join_notes(*notes: str | None) -> str | None:
    present = [n for n in notes if n]
    return " ".join(present) if present else None

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
    if not by_type:
        return grouped
    # One query for every subject type (a place record asks about the place and its names).
    rows = session.scalars(
        select(Claim)
        .where(
            or_(
                *(
                    and_(Claim.subject_type == subject_type, Claim.subject_id.in_(ids))
                    for subject_type, ids in by_type.items()
                )
            )
        )
        .order_by(Claim.id)
    )
    for claim in rows:
        grouped[(claim.subject_type, claim.subject_id)].append(claim)
    return grouped
