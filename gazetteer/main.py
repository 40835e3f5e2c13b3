"""The application factory: one app per Settings, no globals shared between apps."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from gazetteer import __version__, web
from gazetteer.api import attestations, history, meta, places, search, sources, usage
from gazetteer.api.guards import RejectMalformedTarget
from gazetteer.config import Settings, get_settings
from gazetteer.db import make_engine
from gazetteer.errors import install_error_handlers
from gazetteer.search.service import SearchService

DESCRIPTION = """
Russian place names of the Far East, Siberia and the Amur–Ussuri border, with their current and
historical Chinese names, their periods of use and their sources — and which maps, regulations and
treaties printed which form.

* **Search** any name in any script, romanisation or inflected form, typos included:
  `/v1/search?q=Haishenwai`.
* **Records** give every name with its language tag, kind, period and sources:
  `/v1/places/vladivostok`.
* **Sources** list what each map, regulation or treaty printed: `/v1/sources/{id}`.

Errors are RFC 9457 `application/problem+json` with a stable `code`.
"""

TAGS = [
    {"name": "search", "description": "Cross-script, fuzzy, explained lookup."},
    {"name": "places", "description": "Place records with names, periods, sources and attestations."},
    {"name": "sources", "description": "Maps, regulations, treaties and reference works, and what they printed."},
    {"name": "history", "description": "Names through time: timelines and legal vs depicted status."},
    {"name": "usage", "description": "Usage advice for translators: which form each recorded rule prescribes."},
    {"name": "meta", "description": "Service health."},
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        app.state.engine = engine
        app.state.search = SearchService(
            engine, index_workers=settings.index_workers,
            overlay_limit=settings.index_overlay_places,
        )
        if settings.build_index_on_startup:
            app.state.search.rebuild()
        app.state.search.follow(settings.index_poll_seconds)
        try:
            yield
        finally:
            app.state.search.stop_following()
            engine.dispose()

    app = FastAPI(
        title="Gazetteer",
        version=__version__,
        summary="Russian Far East and Siberian place names with their Chinese names, through time.",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc are served offline by gazetteer.web
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(RejectMalformedTarget)
    for module in (search, places, history, usage, attestations, sources, meta):
        app.include_router(module.router)
    web.install(app)  # the translators' page at /, offline /docs and /redoc, /static

    return app
