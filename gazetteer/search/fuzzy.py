"""Typo-tolerant candidates: q-gram counting over length-sorted postings (numpy), then
rapidfuzz's optimal-string-alignment distance on the few survivors.

* **Count filter.** A string within ``d`` edits of the probe keeps all but at most
  ``(q+1)·d`` of the probe's distinct q-grams (a substitution, insertion or deletion touches
  at most ``q`` of them, an adjacent transposition ``q + 1``), so only strings sharing at
  least ``|G(probe)| - (q+1)·d`` grams are candidates. The counts come from
  one ``np.bincount`` over the concatenated posting slices.
* **Length filter.** A string within ``d`` edits has a length within ``±d``. Ids are
  assigned in length order, so every posting list is sorted by length too and the
  admissible part of a list is one slice found by bisection: a probe reads only strings of
  plausible length, never the whole list of a common gram.
* **Trigrams or bigrams.** Trigrams filter well for long probes; for short ones
  (``len - 4d < 3``, e.g. eight letters with two edits) the trigram bound is vacuous, so
  those probes count bigrams instead, whose bound (``len + 1 - 3d``) still bites; when
  even that bound is weak, the ``_CANDIDATES`` best-counted strings are verified.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["GramIndex", "max_edits"]

_CANDIDATES = 1_500  # strings verified by rapidfuzz per probe (the best-counted first)
_MATCHES = 100  # closest strings returned per probe
_MIN_TRIGRAM_BOUND = 3  # below this many required shared trigrams, count bigrams


def max_edits(length: int) -> int:
    """Edits tolerated for a probe of ``length`` characters: short names forgive less."""
    if length <= 2:
        return 0
    if length <= 4:
        return 1
    if length <= 12:
        return 2
    return 3


def _grams(text: str, q: int) -> set[str]:
    """Boundary-padded q-grams (one pad each side, so short strings still have grams)."""
    padded = f"\x02{text}\x03"
    return {padded[i : i + q] for i in range(len(padded) - q + 1)}


def grams(text: str) -> set[str]:
    """Boundary-padded trigrams."""
    return _grams(text, 3)


class _Postings:
    """q-gram → sorted string ids, as one CSR pair of numpy arrays.

    Built vectorised: all padded strings are laid end to end as code points, every q-gram
    becomes one integer (21 bits per code point), and one sort groups the ids by gram.
    """

    __slots__ = ("grams", "ids", "offsets", "q")

    def __init__(self, q: int, strings: list[str]) -> None:
        self.q = q
        lengths = np.fromiter((len(t) + 2 for t in strings), dtype=np.int64,
                              count=len(strings))
        cps = np.frombuffer(
            "".join(f"\x02{t}\x03" for t in strings).encode("utf-32-le"), dtype=np.uint32
        )
        sid = np.repeat(np.arange(len(strings), dtype=np.int32), lengths)
        m = max(len(cps) - q + 1, 0)
        valid = sid[:m] == sid[q - 1 : q - 1 + m]  # the gram lies inside one string
        key = np.zeros(m, dtype=np.uint64)
        for j in range(q):
            key <<= np.uint64(21)
            key |= cps[j : j + m].astype(np.uint64)
        key = key[valid]
        ids = sid[:m][valid]
        del cps, sid, valid
        order = np.lexsort((ids, key))  # by gram, then id (= length order)
        key = key[order]
        ids = ids[order]
        del order
        fresh = np.ones(len(key), dtype=bool)
        fresh[1:] = (key[1:] != key[:-1]) | (ids[1:] != ids[:-1])  # a gram twice in a string
        key = key[fresh]
        self.ids = ids[fresh]
        del ids, fresh
        starts = np.flatnonzero(np.concatenate(([len(key) > 0], key[1:] != key[:-1])))
        self.grams = key[starts]
        self.offsets = np.append(starts, len(key)).astype(np.int64)

    def _codes(self, probe: str) -> tuple[int, list[int]]:
        padded = f"\x02{probe}\x03"
        q = self.q
        gs = {padded[i : i + q] for i in range(len(padded) - q + 1)}
        keys = []
        for g in gs:
            k = 0
            for ch in g:
                k = (k << 21) | ord(ch)
            keys.append(k)
        probe_keys = np.array(keys, dtype=np.uint64)
        pos = np.searchsorted(self.grams, probe_keys)
        pos[pos >= len(self.grams)] = 0
        hit = self.grams[pos] == probe_keys if len(self.grams) else np.zeros(0, dtype=bool)
        return len(gs), pos[hit].tolist()

    def slices(self, probe: str, lo: int, hi: int) -> tuple[int, list[np.ndarray]]:
        """(number of probe grams, posting slices restricted to ids in [lo, hi))."""
        n, codes = self._codes(probe)
        out = []
        ids, offsets = self.ids, self.offsets
        for c in codes:
            lst = ids[offsets[c] : offsets[c + 1]]
            a, b = np.searchsorted(lst, (lo, hi))
            if b > a:
                out.append(lst[a:b])
        return n, out


class GramIndex:
    """Approximate lookup over a fixed list of distinct key strings.

    Strings are re-ordered by length at build time; :attr:`strings` and :attr:`tags` are
    in that order, and the ids :meth:`search` returns index them.
    """

    __slots__ = ("_bi", "_len_start", "_tri", "strings", "tags")

    def __init__(self, strings: Iterable[str] = (), tags: Iterable[int] = ()) -> None:
        pairs = sorted(zip(strings, tags, strict=True), key=lambda p: len(p[0]))
        self.strings: list[str] = [s for s, _ in pairs]
        self.tags = bytearray(t for _, t in pairs)
        del pairs
        lengths = np.fromiter((len(s) for s in self.strings), dtype=np.int64,
                              count=len(self.strings))
        top = int(lengths[-1]) if len(lengths) else 0
        # _len_start[L] = first id whose string has length >= L (L in 0..top+1).
        self._len_start = np.searchsorted(lengths, np.arange(top + 2), side="left")
        self._tri = _Postings(3, self.strings)
        self._bi = _Postings(2, self.strings)

    def _id_range(self, length: int, edits: int) -> tuple[int, int]:
        starts = self._len_start
        top = len(starts) - 1
        lo = int(starts[min(max(length - edits, 0), top)])
        hi = int(starts[min(length + edits + 1, top)])
        return lo, hi

    def search(self, probe: str, edits: int) -> list[tuple[int, int]]:
        """(string id, edit distance) for indexed strings within ``edits`` of ``probe``,
        closest first (at most a few hundred)."""
        if not probe or edits <= 0 or not self.strings:
            return []
        lo, hi = self._id_range(len(probe), edits)
        if hi <= lo:
            return []
        postings = self._tri if len(probe) - 4 * edits >= _MIN_TRIGRAM_BOUND else self._bi
        n_grams, slices = postings.slices(probe, lo, hi)
        if not slices:
            return []
        # An adjacent transposition (one OSA edit) touches q + 1 grams.
        bound = max(1, n_grams - (postings.q + 1) * edits)
        counts = np.bincount(np.concatenate(slices) - lo)
        cand = np.flatnonzero(counts >= bound)
        if len(cand) > _CANDIDATES:  # keep the best-counted strings
            top = np.argpartition(counts[cand], len(cand) - _CANDIDATES)[-_CANDIDATES:]
            cand = cand[top]
        cand += lo
        id_list = cand.tolist()
        if not id_list:
            return []
        choices = [self.strings[id_list[0]]] if len(id_list) == 1 else list(
            itemgetter(*id_list)(self.strings))
        found = process.extract(probe, choices, scorer=OSA.distance,
                                score_cutoff=edits, limit=_MATCHES)
        return [(id_list[j], int(dist)) for _, dist, j in found]
