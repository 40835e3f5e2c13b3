"""GET /v1/health: is the service up, and what does it hold."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from gazetteer import __version__
from gazetteer.api.deps import SearchDep, SessionDep
from gazetteer.models import Name, Place, Source

router = APIRouter(prefix="/v1", tags=["meta"])


class Health(BaseModel):
    status: str = Field(description="ok when the database answers.", examples=["ok"])
    version: str = Field(description="Gazetteer version.", examples=[__version__])
    places: int = Field(description="Places in the database.")
    names: int = Field(description="Names in the database.")
    sources: int = Field(description="Sources in the database.")
    index_build_seconds: float | None = Field(description="How long the search index took to build.")


@router.get("/health", summary="Service health and size", response_model=Health)
def health(session: SessionDep, search: SearchDep) -> Health:
    """Counts straight from the database, and the search index's build time."""
    def count(model: type) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    return Health(
        status="ok", version=__version__, places=count(Place), names=count(Name),
        sources=count(Source), index_build_seconds=search.build_seconds,
    )
