"""The search index of one API process: built from the database once, then kept in step with
writes by any process (``freshness``)."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence

from sqlalchemy import Engine
from sqlmodel import Session

from gazetteer import repository
from gazetteer.models import Name
from gazetteer.schemas import MatchOut, NameRef, PlaceSummary, SearchHit, SearchResponse
from gazetteer.search.collector import freeze_long_lived
from gazetteer.search.derivation import workers_for
from gazetteer.search.engine import SearchIndex
from gazetteer.search.freshness import FreshIndex, FreshnessStatus, IndexFollower
from gazetteer.search.types import SearchFilters, SearchResult
from gazetteer.views.records import place_summary

logger = logging.getLogger("gazetteer.search")
SUMMARY_CACHE_SIZE = 20_000


class PlaceSummaryCache:
    """Place summaries of recent hits, so that a search touches the database only on a miss.

    Attaching summaries cost two queries per request and dominated /v1/search under load
    (docs/benchmarks.md). Bounded LRU; emptied whenever the index is rebuilt after a write.
    """

    def __init__(self, capacity: int = SUMMARY_CACHE_SIZE) -> None:
        self._capacity = capacity
        self._items: OrderedDict[str, PlaceSummary] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, session: Session, place_ids: Sequence[str]) -> dict[str, PlaceSummary]:
        with self._lock:
            found = {pid: self._items[pid] for pid in place_ids if pid in self._items}
            for pid in found:
                self._items.move_to_end(pid)
        missing = [pid for pid in place_ids if pid not in found]
        if missing:
            loaded = load_summaries(session, missing)
            with self._lock:
                for pid, summary in loaded.items():
                    self._items[pid] = summary
                while len(self._items) > self._capacity:
                    self._items.popitem(last=False)
            found.update(loaded)
        return found

    def peek_many(self, place_ids: Sequence[str]) -> dict[str, PlaceSummary] | None:
        """All the summaries if every one is cached, else None (the caller goes to the database)."""
        with self._lock:
            if not all(pid in self._items for pid in place_ids):
                return None
            for pid in place_ids:
                self._items.move_to_end(pid)
            return {pid: self._items[pid] for pid in place_ids}

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def discard(self, place_ids: Sequence[str]) -> None:
        """Forget these places (they changed in the database)."""
        with self._lock:
            for pid in place_ids:
                self._items.pop(pid, None)


def load_summaries(session: Session, place_ids: Sequence[str]) -> dict[str, PlaceSummary]:
    """Summaries straight from the database: one query for places, one for labels."""
    places = repository.places_by_id(session, place_ids)
    labels = repository.preferred_labels(session, list(places))
    return {pid: place_summary(place, labels.get(pid, {})) for pid, place in places.items()}


class SearchService:
    """Owns this process's index view; swaps in a fresh one atomically as the database moves."""

    def __init__(
        self, engine: Engine, *, index_workers: int | None = None, overlay_limit: int = 2000
    ) -> None:
        """``index_workers``: processes deriving keys for a big build (``workers_for``);
        ``overlay_limit``: changed places held in the overlay before the base is rebuilt."""
        self._engine = engine
        self._index_workers = index_workers
        self.built_at: float | None = None
        self.build_seconds: float | None = None
        self.summaries = PlaceSummaryCache()
        self._originals: dict[int, Name] = {}
        self.fresh = FreshIndex(
            self.session, self._build_base, overlay_limit=overlay_limit,
            on_change=self._forget_changed,
        )
        self._follower: IndexFollower | None = None

    def _build_base(self, session: Session) -> SearchIndex:
        started = time.perf_counter()
        workers = workers_for(repository.count_names(session), self._index_workers)
        index = SearchIndex.build(repository.iter_index_rows(session), workers=workers)
        freeze_long_lived()
        self.build_seconds = time.perf_counter() - started
        self.built_at = time.time()
        logger.info("search index built in %.2f s", self.build_seconds)
        return index

    def _forget_changed(self, session: Session, place_ids: Sequence[str] | None) -> None:
        """Cached place data of changed places (None: of every place) is dropped or reloaded."""
        if place_ids is None:
            self._originals = repository.romanisation_originals(session)
            self.summaries.clear()
            return
        names = [
            n.id for group in repository.names_of_places(session, place_ids).values()
            for n in group if n.id is not None
        ]
        # Ids of deleted names may linger: no index serves them any more.
        self._originals.update(repository.romanisation_originals(session, names))
        self.summaries.discard(place_ids)

    def rebuild(self) -> None:
        """Build the base index from the database now (and catch up with the change log)."""
        self.fresh.rebuild()

    def follow(self, interval: float) -> None:
        """Poll the change log every ``interval`` seconds in a background thread."""
        if self._follower is None and interval > 0:
            self._follower = IndexFollower(self.fresh, interval=interval)
            self._follower.start()

    def stop_following(self) -> None:
        if self._follower is not None:
            self._follower.stop()
            self._follower = None

    def status(self) -> FreshnessStatus:
        return self.fresh.status()

    @property
    def index(self) -> SearchIndex:
        """The base index (built on first use)."""
        if self.fresh.view is None:
            self.rebuild()
        assert self.fresh.view is not None
        return self.fresh.view.base

    def search(
        self, query: str, *, filters: SearchFilters, mode: str, limit: int, offset: int
    ) -> SearchResult:
        if self.fresh.view is None:
            self.rebuild()
        assert self.fresh.view is not None
        return self.fresh.view.search(query, filters=filters, mode=mode, limit=limit, offset=offset)  # type: ignore[arg-type]

    def session(self) -> Session:
        return Session(self._engine)

    def cached_response(
        self, query: str, mode: str, result: SearchResult, *, limit: int, offset: int
    ) -> SearchResponse | None:
        """The answer built from cached summaries alone, or None if a place is not cached."""
        summaries = self.summaries.peek_many([hit.place_id for hit in result.hits])
        if summaries is None:
            return None
        return build_response(
            query, mode, result, summaries, self._originals, limit=limit, offset=offset
        )

    def respond(
        self, session: Session, query: str, mode: str, result: SearchResult, *, limit: int,
        offset: int,
    ) -> SearchResponse:
        """The API's answer for a result, with place summaries from this process's cache."""
        return search_response(
            session, query, mode, result, limit=limit, offset=offset, summaries=self.summaries,
            originals=self._originals,
        )


def search_response(
    session: Session, query: str, mode: str, result: SearchResult, *, limit: int, offset: int,
    summaries: PlaceSummaryCache | None = None,
    originals: dict[int, Name] | None = None,
) -> SearchResponse:
    """Attach place summaries (from the cache, or two queries) and, for romanised names, the
    name they romanise (from the service's map, or one query)."""
    place_ids = [hit.place_id for hit in result.hits]
    places = (
        summaries.get_many(session, place_ids)
        if summaries is not None
        else load_summaries(session, place_ids)
    )
    if originals is None:
        originals = repository.romanisation_originals(session, [h.name_id for h in result.hits])
    return build_response(query, mode, result, places, originals, limit=limit, offset=offset)


def build_response(
    query: str, mode: str, result: SearchResult, places: dict[str, PlaceSummary],
    originals: dict[int, Name], *, limit: int, offset: int,
) -> SearchResponse:
    items = [
        SearchHit(
            place=places[hit.place_id],
            score=round(hit.score, 2),
            match=MatchOut(
                name_id=hit.name_id, text=hit.name_text, lang=hit.name_lang, kind=hit.name_kind,
                match_kind=hit.match_kind.label,  # type: ignore[arg-type]
                transformations=list(hit.transformations),
                romanisation_of=_name_ref(originals.get(hit.name_id)),
            ),
        )
        for hit in result.hits
        if hit.place_id in places  # a place deleted since the index was built is skipped
    ]
    return SearchResponse(
        query=query, mode=mode, total=result.total, limit=limit, offset=offset, items=items  # type: ignore[arg-type]
    )


def _name_ref(name: Name | None) -> NameRef | None:
    if name is None or name.id is None:
        return None
    return NameRef(id=name.id, text=name.text, lang=name.lang, kind=name.kind)
