"""The translators' pages: thin handlers that call the views and the search service and render
templates. Kept out of the OpenAPI document (they are not the API)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from gazetteer.errors import GazetteerError, InvalidParameter
from gazetteer.schemas import SearchResponse
from gazetteer.search.service import SearchService
from gazetteer.search.types import SearchFilters
from gazetteer.views import history
from gazetteer.views.comparison import compare_sources
from gazetteer.views.dossier import find_place, place_dossier
from gazetteer.views.sources import find_source, source_detail, sources_with_attestations
from gazetteer.web.present import current_names, group_names, usage_rows
from gazetteer.web.templating import render
from gazetteer.web.timeline import layout

router = APIRouter(include_in_schema=False)

RESULTS_LIMIT = 10
Text = Annotated[str | None, Query(max_length=200)]


@contextmanager
def read_session(request: Request) -> Iterator[Session]:
    """A read-only session for one page (pages never write)."""
    with Session(request.app.state.engine) as session:
        yield session


def error_page(request: Request, exc: GazetteerError) -> HTMLResponse:
    return render(request, "error.html", status_code=exc.status, error=exc)


def run_search(request: Request, q: str, mode: str) -> SearchResponse:
    """The search service's answer, as /v1/search gives it (summaries from its cache)."""
    settings = request.app.state.settings
    if len(q) > settings.max_query_length:
        raise InvalidParameter(
            f"q is {len(q)} characters long; the limit is {settings.max_query_length}."
        )
    engine: SearchService = request.app.state.search
    result = engine.search(q, filters=SearchFilters(), mode=mode, limit=RESULTS_LIMIT, offset=0)
    cached = engine.cached_response(q, mode, result, limit=RESULTS_LIMIT, offset=0)
    if cached is not None:
        return cached
    with engine.session() as session:
        return engine.respond(session, q, mode, result, limit=RESULTS_LIMIT, offset=0)


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request, q: Text = None, mode: Literal["full", "prefix"] = "full"
) -> HTMLResponse:
    """One box; with `q` the results are rendered here too, so the page works without scripts."""
    try:
        results = run_search(request, q, mode) if q and q.strip() else None
    except GazetteerError as exc:
        return error_page(request, exc)
    return render(request, "search.html", q=q or "", mode=mode, results=results)


@router.get("/search/results", response_class=HTMLResponse)
def search_results(
    request: Request, q: Text = None, mode: Literal["full", "prefix"] = "full"
) -> HTMLResponse:
    """The results list alone: what the search box swaps in as you type."""
    try:
        results = run_search(request, q, mode) if q and q.strip() else None
    except GazetteerError as exc:
        return error_page(request, exc)
    return render(request, "_results.html", q=q or "", mode=mode, results=results)


@router.get("/places/{place_id}", response_class=HTMLResponse)
def place_page(
    request: Request, place_id: Annotated[str, Path(max_length=120)], at: Text = None
) -> HTMLResponse:
    """A place's names, which form to write, timeline, attestations, status and sources."""
    try:
        window = history.parse_at(at) if at else None
        with read_session(request) as session:
            dossier = place_dossier(session, find_place(session, place_id), window)
    except GazetteerError as exc:
        return error_page(request, exc)
    return render(
        request,
        "place.html",
        dossier=dossier,
        place=dossier.record,
        at=window.text if window else None,
        names=group_names(dossier.record.names),
        current=current_names(dossier.record.names, date.today()),
        title_langs={s.id: s.title_lang for s in dossier.sources},
        usage=usage_rows(dossier.usage),
        drawing=layout(dossier.timeline, at=window.earliest.isoformat() if window else None),
    )


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(
    request: Request, source_id: Annotated[str, Path(max_length=120)]
) -> HTMLResponse:
    """What a source is, who says so, and what it printed, place by place."""
    try:
        with read_session(request) as session:
            detail = source_detail(session, find_source(session, source_id))
    except GazetteerError as exc:
        return error_page(request, exc)
    return render(request, "source.html", source=detail)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, a: Text = None, b: Text = None) -> HTMLResponse:
    """Two sources side by side; without both ids, the form to choose them."""
    try:
        with read_session(request) as session:
            choices = sources_with_attestations(session)
            comparison = compare_sources(session, a, b) if a and b else None
    except GazetteerError as exc:
        return error_page(request, exc)
    return render(
        request, "compare.html", choices=choices, a=a or "", b=b or "", comparison=comparison
    )


@router.get("/annotate", response_class=HTMLResponse)
def annotate_page(request: Request) -> HTMLResponse:
    """Paste an article: its places are highlighted (POST /v1/annotate, from the browser)."""
    return render(request, "annotate.html")
