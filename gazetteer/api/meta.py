"""GET /v1/health and /v1/ready: is the service up, what does it hold, how fresh is its index."""

from __future__ import annotations

import time

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from gazetteer import __version__, repository
from gazetteer.api.deps import SearchDep, SessionDep
from gazetteer.errors import NotReady, problem_responses
from gazetteer.models import Name, Place, Source
from gazetteer.search.freshness import FreshnessStatus

router = APIRouter(prefix="/v1", tags=["meta"])


class IndexFreshness(BaseModel):
    """Which revision of the database this worker's search index serves."""

    ready: bool = Field(description="True once this worker's first search index is built.")
    revision: int | None = Field(
        description="Change-log revision the index holds (every write up to it is searchable).",
        examples=[42],
    )
    database_revision: int | None = Field(
        description="Latest revision in the database when last checked.", examples=[42]
    )
    revisions_behind: int | None = Field(
        description="How many revisions the index lags behind the database (0: up to date).",
        examples=[0],
    )
    checked_seconds_ago: float | None = Field(
        description="Seconds since this worker last polled the change log.", examples=[0.3]
    )
    rebuilding: bool = Field(description="A full rebuild of the index is under way.")
    overlay_places: int = Field(description="Changed places served from the overlay index.")


class Health(BaseModel):
    status: str = Field(description="ok when the database answers.", examples=["ok"])
    version: str = Field(description="Gazetteer version.", examples=[__version__])
    places: int = Field(description="Places in the database.")
    names: int = Field(description="Names in the database.")
    sources: int = Field(description="Sources in the database.")
    index_build_seconds: float | None = Field(description="How long the search index took to build.")
    index: IndexFreshness = Field(description="The search index's revision and lag.")


def _freshness(status: FreshnessStatus, database_revision: int | None) -> IndexFreshness:
    behind = (
        max(0, database_revision - status.revision)
        if database_revision is not None and status.revision is not None
        else None
    )
    return IndexFreshness(
        ready=status.ready, revision=status.revision, database_revision=database_revision,
        revisions_behind=behind,
        checked_seconds_ago=(
            round(time.time() - status.checked_at, 3) if status.checked_at is not None else None
        ),
        rebuilding=status.rebuilding, overlay_places=status.overlay_places,
    )


@router.get("/health", summary="Service health and size", response_model=Health)
def health(session: SessionDep, search: SearchDep) -> Health:
    """Counts straight from the database, and the search index's build time and revision."""
    def count(model: type) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    return Health(
        status="ok", version=__version__, places=count(Place), names=count(Name),
        sources=count(Source), index_build_seconds=search.build_seconds,
        index=_freshness(search.status(), repository.current_revision(session)),
    )


@router.get(
    "/ready", summary="Readiness of this worker", response_model=IndexFreshness,
    responses=problem_responses(503),
)
def ready(search: SearchDep) -> IndexFreshness:
    """200 once this worker serves a search index, 503 before; no database round trip."""
    status = search.status()
    if not status.ready:
        raise NotReady("The search index of this worker is not built yet.")
    return _freshness(status, status.database_revision)
