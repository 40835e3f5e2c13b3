"""The deletion-neighbourhood index: its two hashers agree, and no one-edit neighbour is lost."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from gazetteer.search import deletions
from gazetteer.search.deletions import DeletionIndex, variant_hashes

_SYMBOLS = st.lists(st.integers(1, 70_000), min_size=1, max_size=40)


def _layout(words: list[str]) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Alphabet codes, padded dense symbols and bounds, as ``fuzzy.GramIndex`` lays them out."""
    codes = {ch: i + 3 for i, ch in enumerate(sorted({ch for w in words for ch in w}))}
    dense = [s for w in words for s in (1, *(codes[ch] for ch in w), 2)]
    bounds = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum([len(w) + 2 for w in words], out=bounds[1:])
    return codes, np.array(dense, dtype=np.uint32), bounds


@settings(max_examples=200, deadline=None)
@given(symbols=_SYMBOLS)
def test_python_and_numpy_hashes_agree(symbols: list[int]) -> None:
    """A probe is hashed in Python, the index in numpy: the two must give the same values."""
    hasher = deletions._Hasher(64)
    in_numpy, owners = hasher.variants(
        np.array(symbols, dtype=np.uint32), np.zeros(1, dtype=np.int64),
        np.array([len(symbols)], dtype=np.int64))
    assert sorted(in_numpy.tolist()) == sorted(variant_hashes(symbols))
    assert set(owners.tolist()) == {0}


def test_a_shared_deletion_variant_hashes_alike() -> None:
    """Two strings one substitution apart share exactly one variant, and its hash."""
    assert set(variant_hashes([5, 6, 7])) & set(variant_hashes([5, 9, 7])) == {
        variant_hashes([5, 7])[0]}  # 567 and 597 share 57


_WORDS = st.lists(st.text(alphabet="aabcвл海", min_size=1, max_size=10), min_size=1, max_size=80)


@settings(max_examples=150, deadline=None)
@given(words=_WORDS, probe=st.text(alphabet="abcвл海x", min_size=1, max_size=11))
def test_candidates_hold_every_one_edit_neighbour(words: list[str], probe: str) -> None:
    distinct = list(dict.fromkeys(words))
    codes, dense, bounds = _layout(distinct)
    unknown = max(codes.values()) + 1
    index = DeletionIndex(dense, bounds, unknown)
    found = index.candidates([codes.get(ch, unknown) for ch in probe], 0, len(distinct))
    assert found == sorted(set(found))
    within = {i for i, w in enumerate(distinct) if OSA.distance(probe, w) <= 1}
    assert within <= set(found)


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_chunked_build_equals_one_pass(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hashing a few symbols at a time (strings are never split) builds the same index as
    one pass."""
    words = ["vladivostok", "vladivostoc", "haishenwai", "хабаровск", "伯力", "a", "ab", "ba"]
    codes, dense, bounds = _layout(words)
    probes = [[codes[ch] for ch in w] for w in words]
    whole = DeletionIndex(dense, bounds, 99)
    monkeypatch.setattr(deletions, "_CHUNK_CHARS", chunk)
    chunked = DeletionIndex(dense, bounds, 99)
    for probe in probes:
        assert chunked.candidates(probe, 0, len(words)) == whole.candidates(probe, 0, len(words))
    assert chunked.nbytes == whole.nbytes


def test_an_empty_index_finds_nothing() -> None:
    index = DeletionIndex(np.zeros(0, dtype=np.uint32), np.zeros(1, dtype=np.int64), 1)
    assert index.candidates([3, 4, 5], 0, 0) == []
