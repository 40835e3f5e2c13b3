"""GET /v1/places and /v1/places/{place_id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from gazetteer import repository
from gazetteer.api.deps import PaginationDep, PlaceFromPath, SessionDep
from gazetteer.api.query import json_response
from gazetteer.errors import problem_responses
from gazetteer.schemas import Page, PlaceRecord, PlaceSummary
from gazetteer.views import history
from gazetteer.views.records import place_out, place_summary

router = APIRouter(prefix="/v1/places", tags=["places"])


@router.get(
    "",
    summary="List places",
    response_model=Page[PlaceSummary],
    responses=problem_responses(422),
)
def list_places(
    session: SessionDep,
    page: PaginationDep,
    type: Annotated[str | None, Query(description="Feature type, e.g. city, river, island.", examples=["city"], max_length=40)] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 country code.", examples=["RU"], pattern=r"^[A-Za-z]{2}$")] = None,
    region: Annotated[str | None, Query(description="Administrative region, case-insensitive.", examples=["Primorsky Krai"], max_length=200)] = None,
    origin: Annotated[str | None, Query(description="curated or geonames.", examples=["curated"], pattern=r"^(curated|geonames)$")] = None,
) -> Page[PlaceSummary]:
    """Places ordered by id, filtered by feature type, country, region or origin."""
    filters = repository.PlaceFilters(feature_type=type, country=country, admin_region=region, origin=origin)
    total, places = repository.list_places(session, filters, limit=page.limit, offset=page.offset)
    labels = repository.preferred_labels(session, [p.id for p in places])
    return Page[PlaceSummary](
        total=total, limit=page.limit, offset=page.offset,
        items=[place_summary(p, labels.get(p.id, {})) for p in places],
    )


@router.get(
    "/{place_id}",
    summary="One place with all its names, sources and attestations",
    response_model=PlaceRecord,
    responses=problem_responses(404, 422),
)
def get_place(
    session: SessionDep,
    place: PlaceFromPath,
    at: Annotated[str | None, Query(description="A date (1940, 1940-05, 1860~): adds `in_use_at`, the names in use then, per language, each certain, possible or of unknown period.", examples=["1940"], max_length=20)] = None,
) -> PlaceRecord:
    """The whole record: names with periods and sources, attestations, status, claims."""
    window = history.parse_at(at) if at is not None else None
    details = repository.get_place_details(session, place)
    in_use_at = None
    if window is not None:
        claims = history.claims_index(session, [("name", str(n.id)) for n in details.names])
        in_use_at = history.names_at_date(details.names, window, claims)
    # Serialised once by the model itself: FastAPI would dump, re-validate and dump again a
    # record of 20-30 KB (≈ 0.8 ms of its ≈ 6 ms; docs/benchmarks.md, the place page round).
    return json_response(PlaceRecord(**dict(place_out(details)), in_use_at=in_use_at))  # type: ignore[return-value]
