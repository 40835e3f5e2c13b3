"""The q-gram candidate filter: every code path gives the same, correct neighbours."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from gazetteer.search import fuzzy


@contextmanager
def _paths(long_above: int, bincount_span: int, cut_lengths: int = 48) -> Iterator[None]:
    """Force how posting lists are cut (lists longer than ``long_above`` by their length
    table up to ``cut_lengths``, else by bisection; shorter ones by a mask) and how ids are
    counted (one bincount up to ``bincount_span``, else a sort)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fuzzy, "_BISECT_ABOVE", long_above)
        patch.setattr(fuzzy, "_BINCOUNT_SPAN", bincount_span)
        patch.setattr(fuzzy, "_CUT_LENGTHS", cut_lengths)
        yield


# Every list long and cut by its table, sorted counts; every list short, one bincount; a mix,
# with the tables covering lengths below 4 only (longer probes bisect).
_CONFIGS = ((0, 0, 48), (1 << 30, 1 << 30, 48), (2, 8, 4), (0, 0, 0))
_WORDS = st.lists(st.text(alphabet="abcdeвлд海", min_size=1, max_size=9), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.integers(0, 300), max_size=400), bound=st.integers(1, 4))
def test_counting_by_sort_equals_counting_by_bincount(
    values: list[int], bound: int
) -> None:
    array = np.array(values, dtype=np.int32)
    want = sorted((v, n) for v, n in Counter(values).items() if n >= bound)
    for span_limit in (0, 1 << 20):  # 0 forces sorting, a large limit forces bincount
        with _paths(512, span_limit):
            passed, counts = fuzzy._counted_at_least(array, 301 * 1000, bound)
        assert list(zip(passed.tolist(), counts.tolist(), strict=True)) == want


@settings(max_examples=150, deadline=None)
@given(words=_WORDS, probe=st.text(alphabet="abcdeвлд海x", min_size=3, max_size=10),
       edits=st.sampled_from((1, 2)))
def test_neighbours_are_exactly_the_brute_force_ones(
    words: list[str], probe: str, edits: int
) -> None:
    """One edit goes through the deletion index, lossless by construction. Two edits go
    through the q-gram count, lossless from six letters (bigrams: the bound is
    len + 1 - 6 ≥ 1; trigrams from eleven: len - 8 ≥ 3), whichever way postings are cut
    and counted. Either way the index must find what a scan of every string finds."""
    assume(edits == 1 or len(probe) >= 6)
    distinct = list(dict.fromkeys(words))
    want = {w: d for w in distinct if 0 < (d := OSA.distance(probe, w)) <= edits}
    for config in _CONFIGS:
        with _paths(*config):
            index = fuzzy.GramIndex(distinct, [0] * len(distinct))
            found = {index.strings[sid]: d for sid, d in index.search(probe, edits) if d > 0}
        assert found == want


@settings(max_examples=60, deadline=None)
@given(words=_WORDS, probe=st.text(alphabet="abcdeвлд海x", min_size=1, max_size=12))
def test_cutting_and_counting_paths_agree(
    words: list[str], probe: str
) -> None:
    distinct = list(dict.fromkeys(words))
    edits = fuzzy.max_edits(len(probe))
    answers = []
    for config in _CONFIGS:
        with _paths(*config):
            index = fuzzy.GramIndex(distinct, [0] * len(distinct))
            found = sorted((index.strings[sid], d) for sid, d in index.search(probe, edits))
        assert all(OSA.distance(probe, s) == d <= edits for s, d in found)
        answers.append(found)
    assert all(answer == answers[0] for answer in answers)
