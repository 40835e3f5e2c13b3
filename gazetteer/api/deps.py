"""Dependencies declared once: settings, the request's session, the search service, loaders."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlmodel import Session

from gazetteer import repository
from gazetteer.config import Settings
from gazetteer.errors import InvalidParameter, PlaceNotFound, SourceNotFound
from gazetteer.models import Place, Source
from gazetteer.search.service import SearchService


# Plain lookups are `async def` so that FastAPI calls them inline instead of hopping to a
# worker thread: the search route depends only on these and stays off the thread pool.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: commit once at the boundary, roll back on any error."""
    with Session(request.app.state.engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


async def get_search(request: Request) -> SearchService:
    return request.app.state.search


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
SearchDep = Annotated[SearchService, Depends(get_search)]

PLACE_ID_EXAMPLE = "vladivostok"


def place_from_path(
    session: SessionDep,
    place_id: Annotated[
        str,
        Path(description="Place id (slug).", examples=[PLACE_ID_EXAMPLE], max_length=120),
    ],
) -> Place:
    place = repository.get_place(session, place_id)
    if place is None:
        raise PlaceNotFound(f"No place has the id {place_id!r}.")
    return place


def source_from_path(
    session: SessionDep,
    source_id: Annotated[
        str,
        Path(description="Source id (slug).", examples=["mnr-2023-public-map-norms"], max_length=120),
    ],
) -> Source:
    source = repository.get_source(session, source_id)
    if source is None:
        raise SourceNotFound(f"No source has the id {source_id!r}.")
    return source


PlaceFromPath = Annotated[Place, Depends(place_from_path)]
SourceFromPath = Annotated[Source, Depends(source_from_path)]


@dataclass(frozen=True)
class Pagination:
    limit: int
    offset: int


LIMIT_DESCRIPTION = "Page size (default 20; the maximum is configured, 100 by default)."
OFFSET_DESCRIPTION = "Items to skip."
MAX_OFFSET = 1_000_000


async def pagination(
    settings: SettingsDep,
    limit: Annotated[int | None, Query(ge=1, description=LIMIT_DESCRIPTION)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description=OFFSET_DESCRIPTION)] = 0,
) -> Pagination:
    return resolve_pagination(settings, limit, offset)


def resolve_pagination(settings: Settings, limit: int | None, offset: int) -> Pagination:
    """limit/offset with the configured ceiling, rejected (422) rather than silently clipped."""
    if limit is not None and limit > settings.max_page_size:
        raise InvalidParameter(f"limit must be at most {settings.max_page_size}; got {limit}.")
    return Pagination(limit=limit or settings.default_page_size, offset=offset)


PaginationDep = Annotated[Pagination, Depends(pagination)]
