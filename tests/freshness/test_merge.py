"""A view with an overlay answers as one index built from the same rows would."""

from __future__ import annotations

import pytest

from gazetteer.search.engine import SearchIndex
from gazetteer.search.freshness import IndexView
from gazetteer.search.types import IndexedName, MatchKind, SearchFilters


def _row(name_id: int, place: str, text: str, importance: float) -> IndexedName:
    return IndexedName(name_id=name_id, place_id=place, text=text, lang="en", kind="official",
                       feature_type="settlement", importance=importance, curated=False)


OLD = [
    _row(1, "a", "Lesnoy", 0.1), _row(2, "b", "Lesnoye", 0.2), _row(3, "c", "Lesnaya", 0.3),
    _row(4, "d", "Lesnoy", 0.4), _row(5, "e", "Gorny", 0.5),
]
# Place b renamed, place d deleted, place f new: the rows after those writes.
NEW = [r for r in OLD if r.place_id not in {"b", "d"}] + [
    _row(6, "b", "Lesnoy", 0.2), _row(7, "f", "Lesnoy", 0.35),
]
CHANGED = frozenset({"b", "d", "f"})


@pytest.fixture(scope="module")
def view() -> IndexView:
    overlay = SearchIndex.build([r for r in NEW if r.place_id in CHANGED])
    return IndexView(base=SearchIndex.build(OLD), base_revision=1, revision=2,
                     overlay=overlay, changed=CHANGED)


@pytest.mark.parametrize("query", ["Lesnoy", "Lesnoye", "Lesnoj", "Gorny", "Lesn", "Lesnoi"])
@pytest.mark.parametrize("mode", ["full", "prefix"])
def test_overlay_view_answers_like_a_full_rebuild(view, query, mode):
    """Same hits in the same order, except in the typo tail: which weaker typo candidates the
    engine keeps depends on the other hits of the same index (for "Lesnoye", the base's exact
    hit on the old name of b prunes "Lesnaya"), so the merged tail may hold fewer."""
    rebuilt = SearchIndex.build(NEW).search(query, mode=mode, limit=10).hits
    merged = view.search(query, filters=SearchFilters(), mode=mode, limit=10, offset=0).hits
    expected = [(h.place_id, h.name_id) for h in rebuilt]
    got = [(h.place_id, h.name_id) for h in merged]
    assert [e for e in expected if e in got] == got  # nothing extra, same order
    strong = [e for e, h in zip(expected, rebuilt, strict=True) if h.match_kind != MatchKind.FUZZY]
    assert got[: len(strong)] == strong


@pytest.mark.parametrize("offset", [0, 1, 2, 3])
def test_pages_of_the_merged_answer(view, offset):
    everything = SearchIndex.build(NEW).search("Lesnoy", limit=10).hits
    page = view.search("Lesnoy", filters=SearchFilters(), mode="full", limit=1, offset=offset)
    assert [h.place_id for h in page.hits] == [h.place_id for h in everything[offset:offset + 1]]


def test_a_deleted_place_is_masked(view):
    hits = view.search("Lesnoy", filters=SearchFilters(), mode="full", limit=10, offset=0).hits
    assert "d" not in {h.place_id for h in hits}
