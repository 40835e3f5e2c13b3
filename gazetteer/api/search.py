"""GET /v1/search: cross-script, fuzzy, explained lookup."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from gazetteer import history
from gazetteer.api.deps import Pagination, PaginationDep, SearchDep, SettingsDep
from gazetteer.errors import InvalidParameter, problem_responses
from gazetteer.schemas import SearchResponseAtDate
from gazetteer.search.service import SearchService
from gazetteer.search.types import SearchFilters, SearchResult
from gazetteer.validation import validate_language_tag

router = APIRouter(prefix="/v1", tags=["search"])


@router.get(
    "/search",
    summary="Find places by any of their names",
    response_model=SearchResponseAtDate,
    responses=problem_responses(422),
)
async def search(
    settings: SettingsDep,
    engine: SearchDep,
    page: PaginationDep,
    q: Annotated[str, Query(description="A name in any script, romanisation or inflected form; typos are tolerated.", examples=["Haishenwai", "海參崴", "во Владивостоке", "Wladiwostok"])],
    mode: Annotated[Literal["full", "prefix"], Query(description="full: whole-name lookup; prefix: as-you-type completion.")] = "full",
    lang: Annotated[str | None, Query(description="Only hits whose matched name has this language tag or a subtag of it (zh matches zh-Hans).", examples=["zh"], max_length=35)] = None,
    country: Annotated[str | None, Query(description="Only places in this ISO 3166-1 alpha-2 country.", examples=["RU"], pattern=r"^[A-Za-z]{2}$")] = None,
    type: Annotated[str | None, Query(description="Only places of this feature type.", examples=["city"], max_length=40)] = None,
    at: Annotated[str | None, Query(description="A date (1940, 1940-05, 1860~): each hit says whether the matched name was in use then and lists the place's names in use then.", examples=["1940"], max_length=20)] = None,
) -> SearchResponseAtDate:
    """Rank places whose names match the query, each hit saying which name matched and how."""
    if len(q) > settings.max_query_length:
        raise InvalidParameter(
            f"q is {len(q)} characters long; the limit is {settings.max_query_length}."
        )
    if lang is not None:
        try:
            validate_language_tag(lang)
        except ValueError as exc:
            raise InvalidParameter(str(exc)) from exc
    window = history.parse_at(at) if at is not None else None
    filters = SearchFilters(lang=lang, country=country.upper() if country else None, feature_type=type)
    # The engine is CPU-bound and answers in milliseconds: run inline, as a thread would only
    # add a hop under the GIL. The database is needed only for uncached places or a date.
    result = engine.search(q, filters=filters, mode=mode, limit=page.limit, offset=page.offset)
    if window is None:
        cached = engine.cached_response(q, mode, result, limit=page.limit, offset=page.offset)
        if cached is not None:
            return history.undated(cached)
    return await run_in_threadpool(_answer_from_database, engine, q, mode, result, page, window)


def _answer_from_database(
    engine: SearchService, q: str, mode: str, result: SearchResult, page: Pagination,
    window: history.Window | None,
) -> SearchResponseAtDate:
    with engine.session() as session:
        response = engine.respond(session, q, mode, result, limit=page.limit, offset=page.offset)
        return history.search_at_date(session, response, window)
