"""Keep a process's search index in step with writes made by any process.

Writers bump a revision counter in the database (``repository.record_changes``). Each API
process serves an :class:`IndexView`: a base index as of some revision, plus a small overlay
index built from the rows of the places changed since, whose base hits are masked. A
background :class:`IndexFollower` polls the counter (one indexed read when nothing changed),
folds small changes into the overlay, and rebuilds the base in a background thread when many
places changed or the overlay outgrew its limit; the old view answers until the new one is
swapped in. Requests never touch the database for this: they read one attribute.

Only ``SearchIndex.build`` and ``SearchIndex.search`` are used, so a base index mapped from
a file slots in unchanged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Literal

from sqlmodel import Session

from gazetteer import repository
from gazetteer.search.engine import SearchIndex
from gazetteer.search.ranking import sort_key
from gazetteer.search.types import Hit, SearchFilters, SearchResult
from gazetteer.text.generic import T_GENERIC

logger = logging.getLogger("gazetteer.search.freshness")

SessionFactory = Callable[[], AbstractContextManager[Session]]
BaseBuilder = Callable[[Session], SearchIndex]
# Told which places changed (None: all of them, after a rebuild) inside the session that read
# the change, so that caches of place data can drop or reload what is stale.
ChangeListener = Callable[[Session, Sequence[str] | None], None]


@dataclass(frozen=True, slots=True)
class IndexView:
    """What one process serves: immutable, replaced whole (one attribute store) on change."""

    base: SearchIndex
    base_revision: int  # the base holds every change up to this revision
    revision: int  # base plus overlay hold every change up to this one
    overlay: SearchIndex | None = None
    changed: frozenset[str] = field(default_factory=frozenset)  # masked in the base

    def search(
        self, query: str, *, filters: SearchFilters, mode: Literal["full", "prefix"],
        limit: int, offset: int,
    ) -> SearchResult:
        if not self.changed:
            return self.base.search(query, filters=filters, mode=mode, limit=limit, offset=offset)
        return merged_search(self, query, filters=filters, mode=mode, limit=limit, offset=offset)


def merged_search(
    view: IndexView, query: str, *, filters: SearchFilters, mode: Literal["full", "prefix"],
    limit: int, offset: int,
) -> SearchResult:
    """The base's hits minus its changed places, merged with the overlay's, in ranking order.

    The base is asked for a few more hits than the page needs, and once more for enough to
    cover every masked place if those were not enough. ``total`` is exact when the base's
    hits were all read; otherwise it may count a changed place twice (``total_exact`` False).
    """
    wanted = max(offset, 0) + limit
    masked = view.changed
    ask = wanted + min(len(masked), 8)
    while True:
        base = view.base.search(query, filters=filters, mode=mode, limit=ask, offset=0)
        kept = [hit for hit in base.hits if hit.place_id not in masked]
        exhausted = len(base.hits) < ask
        if len(kept) >= wanted or exhausted or ask >= wanted + len(masked):
            break
        ask = wanted + len(masked)
    over = (
        view.overlay.search(query, filters=filters, mode=mode, limit=wanted, offset=0)
        if view.overlay is not None
        else SearchResult(total=0, hits=[])
    )
    prefix = mode == "prefix"
    hits = sorted([*kept, *over.hits], key=lambda hit: _order(hit, prefix))
    masked_seen = len(base.hits) - len(kept)
    complete = exhausted or len(base.hits) >= base.total
    return SearchResult(
        total=max(base.total - masked_seen + over.total, len(hits)),
        hits=hits[max(offset, 0) : wanted],
        total_exact=base.total_exact and over.total_exact and complete,
    )


def _order(hit: Hit, prefix: bool) -> tuple[float, ...]:
    """The sort key the index itself gives a hit (``ranking.sort_key``)."""
    return sort_key(hit.match_kind, hit.score, hit.importance, hit.curated, prefix,
                    T_GENERIC in hit.transformations)


@dataclass(frozen=True, slots=True)
class FreshnessStatus:
    """What health and readiness report about a process's index."""

    ready: bool
    revision: int | None  # the revision served
    database_revision: int | None  # the latest seen in the database, at ``checked_at``
    checked_at: float | None  # time.time() of the last successful poll
    rebuilding: bool
    overlay_places: int


class FreshIndex:
    """The view a process serves, and how it moves forward (see the module's docstring)."""

    def __init__(
        self, open_session: SessionFactory, build_base: BaseBuilder, *, overlay_limit: int,
        on_change: ChangeListener,
    ) -> None:
        self._open_session = open_session
        self._build_base = build_base
        self._overlay_limit = overlay_limit
        self._on_change = on_change
        self.view: IndexView | None = None
        self._advance = threading.Lock()  # one transition of the view at a time
        self._rebuild_running = threading.Lock()
        self._database_revision: int | None = None
        self._checked_at: float | None = None

    def rebuild(self) -> None:
        """Build a new base from the database and swap it in (the old view answers meanwhile)."""
        with self._rebuild_running:
            with self._open_session() as session:
                # The revision is read before the rows, so the base holds at least it; what
                # commits during the build is caught up from the log before the swap.
                revision = repository.current_revision(session)
                base = self._build_base(session)
            fresh = IndexView(base=base, base_revision=revision, revision=revision)
            with self._advance, self._open_session() as session:
                self._on_change(session, None)
                self.view = self._caught_up(session, fresh)

    def refresh(self) -> bool:
        """Poll once and fold small changes into the overlay; True when a rebuild is due."""
        view = self.view
        if view is None:
            return False
        with self._advance, self._open_session() as session:
            view = self.view
            assert view is not None
            latest, place_ids = repository.changes_since(session, view.revision)
            self._database_revision, self._checked_at = latest, time.time()
            if latest == view.revision:
                return False
            if place_ids is None or len(view.changed | set(place_ids)) > self._overlay_limit:
                return True
            self.view = self._with_overlay(session, view, place_ids, latest)
            return False

    def _caught_up(self, session: Session, view: IndexView) -> IndexView:
        latest, place_ids = repository.changes_since(session, view.revision)
        self._database_revision, self._checked_at = latest, time.time()
        if latest == view.revision or place_ids is None:
            return view  # nothing new, or many places again: the follower rebuilds once more
        return self._with_overlay(session, view, place_ids, latest)

    def _with_overlay(
        self, session: Session, view: IndexView, place_ids: Sequence[str], revision: int
    ) -> IndexView:
        changed = view.changed | frozenset(place_ids)
        overlay = SearchIndex.build(repository.iter_index_rows_of(session, sorted(changed)))
        self._on_change(session, list(place_ids))
        logger.info("index at revision %d: %d places in the overlay", revision, len(changed))
        return replace(view, overlay=overlay, changed=changed, revision=revision)

    @property
    def rebuilding(self) -> bool:
        return self._rebuild_running.locked()

    def status(self) -> FreshnessStatus:
        view = self.view
        return FreshnessStatus(
            ready=view is not None,
            revision=view.revision if view is not None else None,
            database_revision=self._database_revision,
            checked_at=self._checked_at,
            rebuilding=self.rebuilding,
            overlay_places=len(view.changed) if view is not None else 0,
        )


class IndexFollower:
    """A daemon thread polling the change log every ``interval`` seconds; rebuilds run in a
    thread of their own, so that small changes keep flowing into the overlay meanwhile."""

    def __init__(self, index: FreshIndex, *, interval: float) -> None:
        self._index = index
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="index-follower", daemon=True)
        self._rebuilder: threading.Thread | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        if self._rebuilder is not None:
            self._rebuilder.join(timeout=60)

    def _run(self) -> None:
        failing = False
        while not self._stop.wait(self._interval):
            try:
                if self._index.refresh() and not self._index.rebuilding:
                    self._rebuilder = threading.Thread(
                        target=self._rebuild, name="index-rebuild", daemon=True
                    )
                    self._rebuilder.start()
                failing = False
            except Exception as exc:  # a database outage must not kill the follower: retry
                if failing:  # the traceback once per outage, then one line per tick
                    logger.warning("polling the change log still fails: %s", exc)
                else:
                    logger.exception("polling the change log failed")
                failing = True

    def _rebuild(self) -> None:
        try:
            self._index.rebuild()
        except Exception:
            logger.exception("rebuilding the search index failed")
