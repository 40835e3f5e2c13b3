"""The change log: a revision counter that every writer bumps and every search index follows.

A writer calls :func:`record_changes` in its own transaction, after its writes; the rows
become visible with the commit, together with what they announce. Each API process polls
:func:`changes_since` with the revision it serves (one indexed range read) and brings its
index up to date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from gazetteer.models import Change

# More places than this in one write are recorded as one "many places" row (null place_id):
# the followers rebuild rather than overlay them, and the log stays small during an import.
MAX_LISTED_PLACES = 1000
NOTIFY_CHANNEL = "gazetteer_change"
# pg_advisory_xact_lock key serialising writers of the log (see record_changes).
_LOG_LOCK = 0x6761_7A63  # "gazc"


def record_changes(session: Session, place_ids: Sequence[str] | None) -> int:
    """Announce that these places (None: many or unknown places) changed; their revision.

    On PostgreSQL a transaction-scoped advisory lock makes revisions commit in the order they
    are numbered: without it, a writer that took id 5 could commit after one that took id 6,
    and a follower that had already read 6 would never see 5. SQLite writers are serialised
    already. Call it last in the transaction, so the lock is held only until the commit.
    """
    listed = sorted(set(place_ids)) if place_ids is not None else None
    if listed is not None and not listed:
        return current_revision(session)
    postgres = session.connection().dialect.name == "postgresql"
    if postgres:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOG_LOCK})
    now = dt.datetime.now(dt.UTC)
    if listed is None or len(listed) > MAX_LISTED_PLACES:
        rows: list[dict[str, object]] = [{"place_id": None, "at": now}]
    else:
        rows = [{"place_id": place_id, "at": now} for place_id in listed]
    session.execute(insert(Change), rows)
    if postgres:
        # Delivered at commit; wakes listening followers early (the poll stays the guarantee).
        session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return current_revision(session)


def current_revision(session: Session) -> int:
    """The latest revision in the log (0 for a database never written to since 0003)."""
    return session.scalar(select(func.max(Change.id))) or 0


def changes_since(
    session: Session, revision: int, *, limit: int = MAX_LISTED_PLACES
) -> tuple[int, list[str] | None]:
    """(latest revision, the places changed after ``revision``), or None for the places when
    many changed (a "many places" row, or more than ``limit`` rows): rebuild then.

    With nothing new this is one probe of the primary key's index returning no row."""
    rows = session.execute(
        select(Change.id, Change.place_id)
        .where(Change.id > revision)
        .order_by(Change.id)
        .limit(limit + 1)
    ).all()
    if not rows:
        return revision, []
    if len(rows) > limit or any(place_id is None for _, place_id in rows):
        return current_revision(session), None
    return rows[-1][0], list(dict.fromkeys(place_id for _, place_id in rows))
