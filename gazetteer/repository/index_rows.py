"""The rows the search index is built from, streamed from the database."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import func, select
from sqlmodel import Session

from gazetteer.models import Name, Place
from gazetteer.search.types import IndexedName
from gazetteer.vocabulary import Origin


def count_names(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Name)) or 0


def iter_index_rows(session: Session, batch_size: int = 20_000) -> Iterator[IndexedName]:
    """Every name joined with its place's filters, streamed for the search index build."""
    yield from _index_rows(session, _index_query().execution_options(yield_per=batch_size))


def iter_index_rows_of(session: Session, place_ids: Sequence[str]) -> Iterator[IndexedName]:
    """The index rows of these places only (a follower's overlay); deleted places have none."""
    ids = sorted(set(place_ids))
    for start in range(0, len(ids), 5000):  # below both backends' bound-parameter limits
        chunk = ids[start : start + 5000]
        yield from _index_rows(session, _index_query().where(Name.place_id.in_(chunk)))


def _index_query():  # type: ignore[no-untyped-def]
    return (
        select(
            Name.id, Name.place_id, Name.text, Name.lang, Name.kind, Place.feature_type,
            Place.country_codes, Place.population, Place.origin,
        )
        .join(Place, Place.id == Name.place_id)
        .order_by(Name.id)  # the same index, whatever order the backend returns rows in
    )


def _index_rows(session: Session, query) -> Iterator[IndexedName]:  # type: ignore[no-untyped-def]
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
