"""Keys derived in worker processes: the same index as a serial build, and a clean shutdown."""

from __future__ import annotations

import pytest

from gazetteer.db import make_engine
from gazetteer.search import derivation
from gazetteer.search.derivation import keyed, workers_for
from gazetteer.search.engine import SearchIndex
from gazetteer.search.service import SearchService
from gazetteer.search.types import IndexedName, SearchFilters
from gazetteer.text.keys import index_key_tuples

_TEXTS = [
    ("Владивосток", "ru"), ("Vladivostok", "en"), ("海参崴", "zh-Hans"), ("海參崴", "zh-Hant"),
    ("Hǎishēnwǎi", "zh-Latn-pinyin"), ("Хабаровский край", "ru"), ("Lake Khanka", "en"),
    ("озеро Ханка", "ru"), ("双城子", "zh"), ("Nikolsk-Ussuriysky", "en"), ("伯力", "und-Hani"),
]


def _names(copies: int = 3) -> list[IndexedName]:
    return [
        IndexedName(
            name_id=i, place_id=f"p{i % 7}", text=text, lang=lang, kind="variant",
            feature_type="city", country_codes=("RU",), importance=0.1 * (i % 5), curated=False,
        )
        for i, (text, lang) in enumerate(_TEXTS * copies)
    ]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of four names: many tasks in flight, and a short last one."""
    monkeypatch.setattr(derivation, "_BATCH", 4)


def test_small_builds_stay_in_process_and_big_ones_use_every_cpu() -> None:
    assert workers_for(derivation.PARALLEL_FROM - 1) == 1
    assert workers_for(derivation.PARALLEL_FROM - 1, configured=8) == 1
    assert workers_for(derivation.PARALLEL_FROM, configured=3) == 3
    assert workers_for(derivation.PARALLEL_FROM) >= 1


@pytest.mark.usefixtures("small_batches")
def test_workers_derive_the_keys_a_serial_pass_derives_in_order() -> None:
    names = _names()
    got = list(keyed(names, workers=2))
    assert [row for row, _ in got] == names
    assert [keys for _, keys in got] == [index_key_tuples(n.text, n.lang) for n in names]


@pytest.mark.usefixtures("small_batches")
def test_an_index_built_with_workers_answers_as_a_serial_one() -> None:
    serial = SearchIndex.build(_names(), workers=1)
    parallel = SearchIndex.build(_names(), workers=2)
    for query in ("Vladivostok", "во Владивостоке", "海参崴", "Хайшэньвай", "Khanka", "Vladivstok",
                  "Хабаровского края", "Bo"):
        for mode in ("full", "prefix"):
            assert parallel.search(query, filters=SearchFilters(), mode=mode) == serial.search(
                query, filters=SearchFilters(), mode=mode)


@pytest.mark.usefixtures("small_batches")
def test_stopping_early_shuts_the_workers_down() -> None:
    stream = keyed(_names(copies=10), workers=2)
    first, _ = next(stream)
    stream.close()  # must return, not hang on queued tasks
    assert first.text == _TEXTS[0][0]


def test_the_service_builds_with_workers_when_told_to(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(derivation, "PARALLEL_FROM", 0)
    pools: list[int] = []
    in_workers = derivation._in_workers

    def spy(rows, workers):  # type: ignore[no-untyped-def]
        pools.append(workers)
        return in_workers(rows, workers)

    monkeypatch.setattr(derivation, "_in_workers", spy)
    parallel = SearchService(make_engine(seeded_url), index_workers=2)
    serial = SearchService(make_engine(seeded_url), index_workers=1)
    for query in ("Haishenwai", "во Владивостоке", "Ussuriysk"):
        args = {"filters": SearchFilters(), "mode": "full", "limit": 10, "offset": 0}
        assert parallel.search(query, **args) == serial.search(query, **args)
        assert parallel.search(query, **args).hits
    assert pools == [2]  # the first search built the index, with two workers
