"""The search index of one API process: built from the database once, rebuilt after writes."""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy import Engine
from sqlmodel import Session

from gazetteer import repository
from gazetteer.records import place_summary
from gazetteer.schemas import MatchOut, SearchHit, SearchResponse
from gazetteer.search.engine import SearchIndex
from gazetteer.search.types import SearchFilters, SearchResult

logger = logging.getLogger("gazetteer.search")


class SearchService:
    """Owns the in-memory index; swaps in a fresh one atomically when asked to rebuild."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()
        self.built_at: float | None = None
        self.build_seconds: float | None = None

    def rebuild(self) -> None:
        started = time.perf_counter()
        with Session(self._engine) as session:
            index = SearchIndex.build(repository.iter_index_rows(session))
        with self._lock:
            self._index = index
        self.build_seconds = time.perf_counter() - started
        self.built_at = time.time()
        logger.info("search index built in %.2f s", self.build_seconds)

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self.rebuild()
        assert self._index is not None
        return self._index

    def search(
        self, query: str, *, filters: SearchFilters, mode: str, limit: int, offset: int
    ) -> SearchResult:
        return self.index.search(query, filters=filters, mode=mode, limit=limit, offset=offset)  # type: ignore[arg-type]


def search_response(
    session: Session, query: str, mode: str, result: SearchResult, *, limit: int, offset: int
) -> SearchResponse:
    """Attach place summaries to the engine's hits (one query for places, one for labels)."""
    place_ids = [hit.place_id for hit in result.hits]
    places = repository.places_by_id(session, place_ids)
    labels = repository.preferred_labels(session, place_ids)
    items = [
        SearchHit(
            place=place_summary(places[hit.place_id], labels.get(hit.place_id, {})),
            score=round(hit.score, 2),
            match=MatchOut(
                name_id=hit.name_id, text=hit.name_text, lang=hit.name_lang, kind=hit.name_kind,
                match_kind=hit.match_kind.label,  # type: ignore[arg-type]
                transformations=list(hit.transformations),
            ),
        )
        for hit in result.hits
        if hit.place_id in places  # a place deleted since the index was built is skipped
    ]
    return SearchResponse(
        query=query, mode=mode, total=result.total, limit=limit, offset=offset, items=items  # type: ignore[arg-type]
    )
