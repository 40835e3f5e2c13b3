"""GET /v1/sources and /v1/sources/{source_id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from gazetteer import repository
from gazetteer.api.deps import PaginationDep, SessionDep, SourceFromPath
from gazetteer.errors import problem_responses
from gazetteer.schemas import Page, SourceDetail, SourceOut
from gazetteer.views.records import source_out
from gazetteer.views.sources import source_detail
from gazetteer.vocabulary import SourceKind

router = APIRouter(prefix="/v1/sources", tags=["sources"])


@router.get(
    "",
    summary="List maps, regulations, treaties and reference works",
    response_model=Page[SourceOut],
    responses=problem_responses(422),
)
def list_sources(
    session: SessionDep,
    page: PaginationDep,
    kind: Annotated[SourceKind | None, Query(description="Only sources of this kind.")] = None,
) -> Page[SourceOut]:
    """Sources in date order (undated last)."""
    total, sources = repository.list_sources(
        session, kind=kind.value if kind else None, limit=page.limit, offset=page.offset
    )
    return Page[SourceOut](
        total=total, limit=page.limit, offset=page.offset, items=[source_out(s) for s in sources]
    )


@router.get(
    "/{source_id}",
    summary="One source with every name it attests",
    response_model=SourceDetail,
    responses=problem_responses(404, 422),
)
def get_source(session: SessionDep, source: SourceFromPath) -> SourceDetail:
    """The source, the claims about it, and what it printed, place by place."""
    return source_detail(session, source)
