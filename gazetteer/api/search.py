"""GET /v1/search: cross-script, fuzzy, explained lookup."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from gazetteer.api.deps import (
    LIMIT_DESCRIPTION,
    MAX_OFFSET,
    OFFSET_DESCRIPTION,
    Pagination,
    resolve_pagination,
)
from gazetteer.api.query import json_response, query_parameters, read_query
from gazetteer.config import Settings
from gazetteer.errors import InvalidParameter, problem_responses
from gazetteer.schemas import SearchResponseAtDate
from gazetteer.search.service import SearchService
from gazetteer.search.types import SearchFilters, SearchResult
from gazetteer.validation import validate_language_tag
from gazetteer.views import history

router = APIRouter(prefix="/v1", tags=["search"])


class SearchQuery(BaseModel):
    """The query string of /v1/search, read by :func:`read_query` (see why there). Unknown
    parameters are ignored, as on every other route."""

    model_config = ConfigDict(extra="ignore")

    q: str = Field(
        description="A name in any script, romanisation or inflected form; typos are tolerated.",
        examples=["Haishenwai", "海參崴", "во Владивостоке", "Wladiwostok"],
    )
    mode: Literal["full", "prefix"] = Field(
        default="full", description="full: whole-name lookup; prefix: as-you-type completion."
    )
    lang: str | None = Field(
        default=None, max_length=35, examples=["zh"],
        description="Only hits whose matched name has this language tag or a subtag of it "
        "(zh matches zh-Hans).",
    )
    country: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{2}$", examples=["RU"],
        description="Only places in this ISO 3166-1 alpha-2 country.",
    )
    type: str | None = Field(
        default=None, max_length=40, examples=["city"],
        description="Only places of this feature type.",
    )
    at: str | None = Field(
        default=None, max_length=20, examples=["1940"],
        description="A date (1940, 1940-05, 1860~): each hit says whether the matched name was "
        "in use then and lists the place's names in use then.",
    )
    limit: int | None = Field(default=None, ge=1, description=LIMIT_DESCRIPTION)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET, description=OFFSET_DESCRIPTION)

    def filters(self) -> SearchFilters:
        return SearchFilters(
            lang=self.lang, country=self.country.upper() if self.country else None,
            feature_type=self.type,
        )


@router.get(
    "/search",
    summary="Find places by any of their names",
    response_model=SearchResponseAtDate,
    responses=problem_responses(422),
    openapi_extra={"parameters": query_parameters(SearchQuery)},
)
async def search(request: Request) -> Response:
    """Rank places whose names match the query, each hit saying which name matched and how."""
    query = read_query(SearchQuery, request)
    settings: Settings = request.app.state.settings
    engine: SearchService = request.app.state.search
    page = resolve_pagination(settings, query.limit, query.offset)
    _check(query, settings)
    window = history.parse_at(query.at) if query.at is not None else None
    # The engine is CPU-bound and answers in a fraction of a millisecond: run inline, as a
    # thread would only add a hop under the GIL. The database is needed only for uncached
    # places or a date.
    result = engine.search(
        query.q, filters=query.filters(), mode=query.mode, limit=page.limit, offset=page.offset
    )
    if window is None:
        cached = engine.cached_response(
            query.q, query.mode, result, limit=page.limit, offset=page.offset
        )
        if cached is not None:
            # Its JSON is the undated answer's: the date fields are left out when no date
            # was asked for.
            return json_response(cached)
    answer = await run_in_threadpool(
        _answer_from_database, engine, query.q, query.mode, result, page, window
    )
    return json_response(answer)


def _check(query: SearchQuery, settings: Settings) -> None:
    """The checks a field constraint cannot express: a configured length, a valid BCP 47 tag."""
    if len(query.q) > settings.max_query_length:
        raise InvalidParameter(
            f"q is {len(query.q)} characters long; the limit is {settings.max_query_length}."
        )
    if query.lang is not None:
        try:
            validate_language_tag(query.lang)
        except ValueError as exc:
            raise InvalidParameter(str(exc)) from exc


def _answer_from_database(
    engine: SearchService, q: str, mode: str, result: SearchResult, page: Pagination,
    window: history.Window | None,
) -> SearchResponseAtDate:
    with engine.session() as session:
        response = engine.respond(session, q, mode, result, limit=page.limit, offset=page.offset)
        return history.search_at_date(session, response, window)
