"""The index is kept out of the cyclic collector's way: paused while built, frozen after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from gazetteer.db import make_engine
from gazetteer.search import IndexedName, SearchFilters, SearchIndex
from gazetteer.search.service import SearchService


def _names(seen: list[bool]) -> Iterator[IndexedName]:
    """Two names, recording whether the collector was enabled while they were read."""
    for i, text in enumerate(("Владивосток", "海参崴")):
        seen.append(gc.isenabled())
        yield IndexedName(
            name_id=i, place_id="vladivostok", text=text, lang="ru", kind="official",
            feature_type="city", country_codes=("RU",), importance=0.8, curated=True,
        )


@pytest.mark.parametrize("enabled_before", [True, False])
def test_build_pauses_the_collector_and_restores_its_state(enabled_before: bool) -> None:
    seen: list[bool] = []
    (gc.enable if enabled_before else gc.disable)()
    try:
        index = SearchIndex.build(_names(seen))
        assert gc.isenabled() is enabled_before
    finally:
        gc.enable()
    assert seen == [False, False]
    assert index.search("Владивосток").hits[0].place_id == "vladivostok"


def test_build_restores_the_collector_when_it_fails() -> None:
    def broken() -> Iterator[IndexedName]:
        raise RuntimeError("the database went away")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError):
        SearchIndex.build(broken())
    assert gc.isenabled()


def test_rebuilt_index_is_frozen(seeded_url: str) -> None:
    service = SearchService(make_engine(seeded_url))
    gc.unfreeze()
    service.rebuild()
    assert gc.get_freeze_count() > 0
    tracked = {id(o) for o in gc.get_objects()}
    assert id(service.index) not in tracked
    result = service.search("Haishenwai", filters=SearchFilters(), mode="full", limit=5, offset=0)
    assert result.hits[0].place_id == "vladivostok"
