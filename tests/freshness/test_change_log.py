"""The change log: what writers record and what followers read back."""

from __future__ import annotations

from sqlmodel import Session

from gazetteer import repository
from gazetteer.db import make_engine, session_scope
from gazetteer.importers.seed import load_seed
from gazetteer.repository.changes import MAX_LISTED_PLACES
from tests.conftest import SEED_DIR


def test_record_and_read_back(empty_url):
    engine = make_engine(empty_url)
    with session_scope(engine) as session:
        assert repository.current_revision(session) == 0
        assert repository.changes_since(session, 0) == (0, [])
        first = repository.record_changes(session, ["b", "a", "b"])
        assert repository.record_changes(session, []) == first  # nothing to announce
    with Session(engine) as session:
        assert repository.changes_since(session, 0) == (first, ["a", "b"])
        assert repository.changes_since(session, first) == (first, [])
    with session_scope(engine) as session:
        many = repository.record_changes(session, [f"p{i}" for i in range(MAX_LISTED_PLACES + 1)])
        assert many == first + 1  # one "many places" row, not a thousand
        unknown = repository.record_changes(session, None)
    with Session(engine) as session:
        assert repository.changes_since(session, first) == (unknown, None)
    engine.dispose()


def test_seed_records_the_places_it_changed_and_nothing_on_a_reload(empty_url):
    engine = make_engine(empty_url)
    with session_scope(engine) as session:
        load_seed(session, SEED_DIR)
    with Session(engine) as session:
        loaded = repository.current_revision(session)
        _, places = repository.changes_since(session, 0, limit=10_000)
    assert places is not None and "vladivostok" in places
    with session_scope(engine) as session:
        load_seed(session, SEED_DIR)
    with Session(engine) as session:
        assert repository.current_revision(session) == loaded
    engine.dispose()
