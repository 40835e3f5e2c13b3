"""Everything about one place, read once: the record, its timeline and status, the usage advice
for every context and, with a date, the names in use then.

The place page shows all of it; reading each part through its own view would read the place's
rows five times over (about forty queries). Each part is still built by the view the API uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from gazetteer import repository
from gazetteer.errors import PlaceNotFound
from gazetteer.models import Place
from gazetteer.schemas import (
    NamesAtDate,
    PlaceRecord,
    PlaceStatus,
    SourceOut,
    Timeline,
    UsageAdvice,
)
from gazetteer.views import history
from gazetteer.views.records import claims_out, place_out, source_out
from gazetteer.views.usage import advise, usage_rows_from_details
from gazetteer.vocabulary import CONTEXT_LANGUAGE


@dataclass(frozen=True)
class PlaceDossier:
    record: PlaceRecord
    timeline: Timeline
    status: PlaceStatus
    usage: list[UsageAdvice]  # one per usage context, in vocabulary order
    sources: list[SourceOut]  # every source the record cites or attests, by date
    current: NamesAtDate  # the names in use this year


def find_place(session: Session, place_id: str) -> Place:
    """The place with this id, or PlaceNotFound (a 404)."""
    place = repository.get_place(session, place_id)
    if place is None:
        raise PlaceNotFound(f"No place has the id {place_id!r}.")
    return place


def place_dossier(
    session: Session, place: Place, at: history.Window | None = None, today: date | None = None
) -> PlaceDossier:
    details = repository.get_place_details(session, place)
    prescriptive = repository.prescriptive_sources(session)  # for "which form to write"
    cards = history.source_cards(session, [*details.sources.values(), *prescriptive])
    # The details hold the claims about the place's names with their citations and sources.
    claims: history.ClaimsIndex = {
        key: claims_out(group, details.citations, details.sources)
        for key, group in details.claims.items()
    }
    out = place_out(details)
    in_use_at = history.names_at_date(details.names, at, claims) if at is not None else None
    record = PlaceRecord(**dict(out), in_use_at=in_use_at)
    usage_rows = usage_rows_from_details(details, record.labels, cards, claims, prescriptive)
    this_year = history.parse_at(str((today or date.today()).year))
    return PlaceDossier(
        record=record,
        timeline=history.timeline(session, place, details, cards),
        status=history.place_status(session, place, details, cards),
        usage=[advise(usage_rows, lang, context) for context, lang in CONTEXT_LANGUAGE.items()],
        sources=[
            source_out(s)
            for s in sorted(
                details.sources.values(),
                key=lambda s: (s.date_earliest is None, s.date_earliest or date.min, s.id),
            )
        ],
        current=history.names_at_date(details.names, this_year, claims),
    )
