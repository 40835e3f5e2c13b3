"""Typo-tolerant candidates: q-gram counting over length-sorted postings (numpy), then
rapidfuzz's optimal-string-alignment distance on the few survivors. One-edit probes (most
of them: runners-up for queries that are themselves names) read the deletion index of
``deletions`` instead, which is exact and cheaper.

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

import itertools
from collections.abc import Iterable
from operator import itemgetter

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from gazetteer.search.deletions import DeletionIndex

__all__ = ["GramIndex", "max_edits"]

_CANDIDATES = 1_000  # strings verified by rapidfuzz per probe (the best-counted first)
_MATCHES = 100  # closest strings returned per probe
_MIN_TRIGRAM_BOUND = 3  # below this many required shared trigrams, count bigrams
_BINCOUNT_SPAN = 1 << 15  # id spans up to this size are counted with one bincount
_BISECT_ABOVE = 512  # posting lists longer than this are cut to the length range, not masked
_CUT_LENGTHS = 48  # lengths covered by the cut tables of long lists (longer probes bisect)


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


class _Alphabet:
    """The distinct code points of the indexed strings (pads included), numbered densely
    from 1, so that a q-gram packs into ``q * bits`` bits instead of ``q * 21``."""

    __slots__ = ("bits", "codes")

    def __init__(self, symbols: np.ndarray) -> None:
        """``symbols``: the distinct code points, ascending."""
        self.codes: dict[str, int] = {chr(c): i + 1 for i, c in enumerate(symbols.tolist())}
        self.bits = max(1, (len(symbols) + 1).bit_length())

    def table(self) -> np.ndarray:
        """Code point → dense code (0 for a code point no string has)."""
        dtype = np.uint16 if len(self.codes) < (1 << 16) else np.uint32
        top = max(map(ord, self.codes), default=0)
        table = np.zeros(top + 1, dtype=dtype)
        for ch, code in self.codes.items():
            table[ord(ch)] = code
        return table


_CHUNK = 1 << 16  # strings encoded at a time when laying out the padded text


def _code_points(strings: list[str]) -> np.ndarray:
    """The code points of ``strings``, each padded "\x02" … "\x03", end to end."""
    if not strings:
        return np.zeros(0, dtype=np.uint32)
    text = "\x02" + "\x03\x02".join(strings) + "\x03"
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _dense_text(strings: list[str], bounds: np.ndarray) -> tuple[_Alphabet, np.ndarray]:
    """The alphabet of ``strings`` and their padded text as dense codes, encoded a chunk
    of strings at a time (no full-length UTF-32 copy of the text)."""
    seen = np.zeros(0x110000, dtype=bool)
    for a in range(0, len(strings), _CHUNK):
        seen[_code_points(strings[a : a + _CHUNK])] = True
    alphabet = _Alphabet(np.flatnonzero(seen))
    del seen
    table = alphabet.table()
    dense = np.empty(int(bounds[-1]), dtype=table.dtype)
    for a in range(0, len(strings), _CHUNK):
        b = min(a + _CHUNK, len(strings))
        dense[bounds[a] : bounds[b]] = table[_code_points(strings[a:b])]
    return alphabet, dense


_PARTS = 2  # gram ranges packed and sorted one at a time (caps the build's peak)
_BLOCK = 1 << 20  # words per block when compacting the packed postings in place


def _compact_unique(words: np.ndarray) -> int:
    """Move the distinct values of sorted ``words`` to its front, in place; their count.

    Works block by block (the write position never passes the read position), so the
    peak is one block, not a second copy of ``words``."""
    n = len(words)
    if n == 0:
        return 0
    write = 1
    for a in range(1, n, _BLOCK):
        b = min(a + _BLOCK, n)
        fresh = words[a:b] != words[a - 1 : b - 1]
        kept = words[a:b][fresh]
        words[write : write + len(kept)] = kept
        write += len(kept)
    return write


def _string_of(bounds: np.ndarray, a: int, b: int) -> np.ndarray:
    """Index of the string holding each position in ``a..b-1`` (uint32)."""
    if b <= a:
        return np.zeros(0, dtype=np.uint32)
    first = int(np.searchsorted(bounds, a, side="right")) - 1
    last = int(np.searchsorted(bounds, b - 1, side="right")) - 1
    runs = np.diff(np.clip(bounds[first : last + 2], a, b))
    if len(runs) < last - first + 1:  # positions past the end belong to string len(bounds)-1
        runs = np.append(runs, b - a - runs.sum())
    return np.repeat(np.arange(first, last + 1, dtype=np.uint32), runs)


class _Postings:
    """q-gram → sorted string ids, as one CSR pair of numpy arrays.

    Built vectorised: all padded strings are laid end to end as dense symbol codes, every
    q-gram becomes one integer, and one sort groups the ids by gram. When gram and string
    id fit in 64 bits together (the usual case: 3 × 14 + 21 bits at 1.2M names) the sort
    is a plain in-place ``np.sort`` of packed (gram, id) words, with no permutation array.
    """

    __slots__ = ("_cut_rows", "_cuts", "_len_start", "alphabet", "grams", "ids", "offsets", "q")

    def __init__(self, q: int, dense: np.ndarray, bounds: np.ndarray, n_strings: int,
                 alphabet: _Alphabet) -> None:
        """``bounds[i]`` is where padded string ``i`` starts in ``dense`` (and
        ``bounds[-1] == len(dense)``)."""
        self.q = q
        self.alphabet = alphabet
        bits = alphabet.bits
        m = max(len(dense) - q + 1, 0)
        id_bits = max(1, n_strings.bit_length())
        if q * bits + id_bits <= 64:
            self._build_packed(dense, bounds, m, bits, id_bits)
            return
        # Generic path (alphabets too large to pack): lexsort by gram, then id.
        sid = _string_of(bounds, 0, m)
        valid = sid == _string_of(bounds, q - 1, m + q - 1)  # gram inside one string
        key = np.zeros(m, dtype=np.uint64)
        for j in range(q):
            key <<= np.uint64(bits)
            key |= dense[j : j + m]
        key = key[valid]
        ids = sid[valid].astype(np.int32)
        del sid
        del valid
        order = np.lexsort((ids, key))  # by gram, then id (= length order)
        key = key[order]
        ids = ids[order]
        del order
        fresh = np.ones(len(key), dtype=bool)
        fresh[1:] = (key[1:] != key[:-1]) | (ids[1:] != ids[:-1])
        key = key[fresh]
        self.ids = ids[fresh]
        del ids, fresh
        starts = np.flatnonzero(np.concatenate(([len(key) > 0], key[1:] != key[:-1])))
        self.grams = key[starts]
        self.offsets = np.append(starts, len(key)).astype(np.int64)
        del key, starts

    def _build_packed(self, dense: np.ndarray, bounds: np.ndarray, m: int, bits: int,
                      id_bits: int) -> None:
        """Packed (gram, id) words, one in-place ``np.sort`` per part.

        The grams are split into ``_PARTS`` ranges of their first symbol (balanced by a
        histogram of first symbols), and each range is packed, sorted, deduplicated and
        split into grams and ids on its own, so that the transient packed array is a
        fraction of all grams. Ranges ascend, so the parts concatenate in gram order."""
        q = self.q
        hist = np.bincount(dense[:m], minlength=1 << bits)
        cum = np.cumsum(hist)
        total = int(cum[-1]) if len(cum) else 0
        cuts = [0, *(int(np.searchsorted(cum, total * k // _PARTS, side="right"))
                     for k in range(1, _PARTS)), 1 << bits]
        mask = np.uint64((1 << id_bits) - 1)
        grams, ids, offsets, base = [], [], [np.zeros(1, dtype=np.int64)], 0
        for lo_sym, hi_sym in itertools.pairwise(cuts):
            if hi_sym <= lo_sym:
                continue
            size = int(cum[hi_sym - 1] - (cum[lo_sym - 1] if lo_sym else 0))
            key = np.empty(size, dtype=np.uint64)
            n = 0
            for a in range(0, m, _BLOCK):
                b = min(a + _BLOCK, m)
                first = _string_of(bounds, a, b)
                head = dense[a:b]
                keep = (first == _string_of(bounds, a + q - 1, b + q - 1)) & (
                    head >= lo_sym) & (head < hi_sym)
                block = np.zeros(int(np.count_nonzero(keep)), dtype=np.uint64)
                for j in range(q):
                    block <<= np.uint64(bits)
                    block |= dense[a + j : b + j][keep]
                block <<= np.uint64(id_bits)
                block |= first[keep]
                key[n : n + len(block)] = block
                n += len(block)
                del block, first, keep, head
            key = key[:n]
            key.sort()
            # Drop repeats (a gram twice in a string) in place, then split off the ids.
            n_kept = _compact_unique(key)
            key = key[:n_kept]
            part_ids = np.empty(n_kept, dtype=np.int32)
            for a in range(0, n_kept, _BLOCK):
                part_ids[a : a + _BLOCK] = key[a : a + _BLOCK] & mask
            key >>= np.uint64(id_bits)
            starts = np.flatnonzero(np.concatenate(([n_kept > 0], key[1:] != key[:-1])))
            grams.append(key[starts])
            ids.append(part_ids)
            if n_kept:
                offsets.append(starts[1:] + base)
                offsets.append(np.array([base + n_kept], dtype=np.int64))
            base += n_kept
            del key, starts, part_ids
        self.grams = np.concatenate(grams) if grams else np.zeros(0, dtype=np.uint64)
        self.ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32)
        self.offsets = np.concatenate(offsets).astype(np.int64)

    def _codes(self, probe: str) -> tuple[int, list[int]]:
        padded = f"\x02{probe}\x03"
        q, bits, codes = self.q, self.alphabet.bits, self.alphabet.codes
        gs = {padded[i : i + q] for i in range(len(padded) - q + 1)}
        keys = []
        for g in gs:
            k = 0
            for ch in g:
                c = codes.get(ch)
                if c is None:
                    break  # a symbol no indexed string has: the gram has no postings
                k = (k << bits) | c
            else:
                keys.append(k)
        if not keys or not len(self.grams):
            return len(gs), []
        probe_keys = np.array(keys, dtype=np.uint64)
        pos = np.searchsorted(self.grams, probe_keys)
        pos[pos >= len(self.grams)] = 0
        hit = self.grams[pos] == probe_keys
        return len(gs), pos[hit].tolist()

    def cut_by_length(self, len_start: np.ndarray) -> None:
        """Where each string length begins in every long list (``len_start[L]``: the first
        id of length >= L), for lengths up to ``_CUT_LENGTHS``.

        Ids are in length order, so a probe's admissible ids are one slice of each list;
        for a long list that slice is then two table reads instead of a bisection. Only
        lists longer than ``_BISECT_ABOVE`` have a row: about 5,000 rows of ints at 1.2M
        names, under a megabyte."""
        self._len_start = len_start
        sizes = np.diff(self.offsets)
        long = np.flatnonzero(sizes > _BISECT_ABOVE).tolist()
        bounds = len_start[: _CUT_LENGTHS + 1]
        cuts = np.empty((len(long), len(bounds)), dtype=np.int64)
        for row, c in enumerate(long):
            cuts[row] = np.searchsorted(self.ids[self.offsets[c] : self.offsets[c + 1]], bounds)
        self._cuts = cuts
        self._cut_rows = {c: row for row, c in enumerate(long)}

    def postings(self, probe: str, first: int, end: int) -> tuple[int, np.ndarray | None]:
        """(number of probe grams, the ids of strings of length ``first`` to ``end - 1`` in
        every probe gram's list, end to end).

        Short lists are taken whole and the id range applied once to their concatenation;
        long ones (a common gram at scale) are cut by their length table, or bisected for
        lengths beyond it: a probe costs a handful of numpy calls, not one per gram."""
        n, codes = self._codes(probe)
        if not codes:
            return n, None
        ids, offsets = self.ids, self.offsets
        lo, hi = int(self._len_start[first]), int(self._len_start[end])
        tabled = end < self._cuts.shape[1]
        parts = []
        for c in codes:
            a, b = int(offsets[c]), int(offsets[c + 1])
            if b - a > _BISECT_ABOVE:
                if tabled:
                    row = self._cuts[self._cut_rows[c]]
                    a, b = a + int(row[first]), a + int(row[end])
                else:
                    a, b = np.searchsorted(ids[a:b], (lo, hi)) + a
            parts.append(ids[a:b])
        found = np.concatenate(parts)
        return n, found[(found >= lo) & (found < hi)]


def _counted_at_least(values: np.ndarray, span: int, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``values`` (all in ``0..span-1``) occurring at least ``bound`` times,
    ascending, with their counts.

    A ``bincount`` allocates and scans the whole span; at scale the values are a few thousand
    postings spread over a span a hundred times wider, where sorting them is about 1.5×
    faster (measured on the postings of sampled queries at 1.2M names)."""
    if span <= _BINCOUNT_SPAN or span < 4 * len(values):
        counts = np.bincount(values)
        passed = np.flatnonzero(counts >= bound)
        return passed, counts[passed]
    ordered = np.sort(values)
    if not len(ordered):
        return ordered, np.zeros(0, dtype=np.int64)
    if bound == 1:
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        return ordered[starts], np.diff(np.append(starts, len(ordered)))
    # A value occurring at least ``bound`` times equals the one ``bound - 1`` places on: one
    # comparison over the sorted ids leaves only the (few) values that pass, then counted.
    reach = len(ordered) - bound + 1
    if reach <= 0:
        return ordered[:0], np.zeros(0, dtype=np.int64)
    passed = ordered[:reach][ordered[bound - 1 :] == ordered[:reach]]
    if len(passed):  # each passing value is there (count - bound + 1) times: keep one
        passed = passed[np.concatenate(([True], passed[1:] != passed[:-1]))]
    counts = np.searchsorted(ordered, passed, side="right") - np.searchsorted(ordered, passed)
    return passed, counts


class GramIndex:
    """Approximate lookup over a fixed list of distinct key strings.

    Strings are re-ordered by length at build time; :attr:`strings` and :attr:`tags` are
    in that order, and the ids :meth:`search` returns index them.
    """

    __slots__ = ("_bi", "_deletions", "_len_start", "_tri", "strings", "tags")

    def __init__(self, strings: Iterable[str] = (), tags: Iterable[int] = ()) -> None:
        strings = strings if isinstance(strings, list) else list(strings)
        tag_array = np.fromiter(tags, dtype=np.uint8, count=len(strings))
        lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
        order = np.argsort(lengths, kind="stable")  # stable: as ``sorted`` by length
        self.strings: list[str] = [strings[i] for i in order.tolist()]
        self.tags = bytearray(tag_array[order].tobytes())
        lengths = lengths[order]
        del order, tag_array
        top = int(lengths[-1]) if len(lengths) else 0
        # _len_start[L] = first id whose string has length >= L (L in 0..top+1).
        self._len_start = np.searchsorted(lengths, np.arange(top + 2), side="left")
        bounds = np.zeros(len(self.strings) + 1, dtype=np.int64)
        np.cumsum(lengths + 2, out=bounds[1:])
        alphabet, dense = _dense_text(self.strings, bounds)
        self._tri = _Postings(3, dense, bounds, len(self.strings), alphabet)
        self._bi = _Postings(2, dense, bounds, len(self.strings), alphabet)
        self._tri.cut_by_length(self._len_start)
        self._bi.cut_by_length(self._len_start)
        self._deletions = DeletionIndex(dense, bounds, len(alphabet.codes) + 1)
        del dense, bounds

    def _length_range(self, length: int, edits: int) -> tuple[int, int]:
        """Lengths ``first`` to ``end - 1`` a string within ``edits`` of ``length`` may have,
        clamped to the lengths indexed (positions in ``_len_start``)."""
        top = len(self._len_start) - 1
        return min(max(length - edits, 0), top), min(length + edits + 1, top)

    def _select(self, passed: np.ndarray, counted: np.ndarray, bound: int, length: int,
                edits: int, lo: int) -> np.ndarray:
        """Offsets (from ``lo``) of at most ``_CANDIDATES`` strings with the highest gram
        counts, from the ascending offsets ``passed`` whose counts (all ``>= bound``) are
        ``counted``.

        Counts are small integers, so the cut is found from their histogram instead of a
        partial sort of every candidate; strings at the cut count are taken nearest the
        probe's length first (ids are in length order, so each length is one id range)."""
        if len(passed) <= _CANDIDATES:  # the common case: no cut needed
            return passed
        hist = np.bincount(counted)
        at_least = np.cumsum(hist[::-1])[::-1]  # at_least[c] = strings counting >= c
        cut = bound + 1
        while cut < len(hist) and at_least[cut] > _CANDIDATES:
            cut += 1
        cand = passed[counted >= cut]
        ties = passed[counted == cut - 1] + lo  # sorted, as ``passed`` is
        room = _CANDIDATES - len(cand)
        starts, top = self._len_start, len(self._len_start) - 1
        picked = []
        for delta in range(edits + 1):
            if room <= 0:
                break
            for length_ in {length - delta, length + delta}:
                if room <= 0 or not 0 <= length_ < top:
                    continue
                a, b = np.searchsorted(ties, (starts[length_], starts[length_ + 1]))
                chunk = ties[a : min(b, a + room)]
                room -= len(chunk)
                picked.append(chunk)
        return np.concatenate([cand, *(chunk - lo for chunk in picked)])

    def search(self, probe: str, edits: int) -> list[tuple[int, int]]:
        """(string id, edit distance) for indexed strings within ``edits`` of ``probe``,
        closest first (at most a few hundred)."""
        if not probe or edits <= 0 or not self.strings:
            return []
        first, end = self._length_range(len(probe), edits)
        lo, hi = int(self._len_start[first]), int(self._len_start[end])
        if hi <= lo:
            return []
        if edits == 1:
            return self._verify(probe, edits, self._one_edit_candidates(probe, lo, hi))
        postings = self._tri if len(probe) - 4 * edits >= _MIN_TRIGRAM_BOUND else self._bi
        n_grams, found = postings.postings(probe, first, end)
        if found is None or not len(found):
            return []
        # An adjacent transposition (one OSA edit) touches q + 1 grams.
        bound = max(1, n_grams - (postings.q + 1) * edits)
        passed, counted = _counted_at_least(found - lo, hi - lo, bound)
        cand = self._select(passed, counted, bound, len(probe), edits, lo)
        cand += lo
        return self._verify(probe, edits, cand.tolist())

    def _one_edit_candidates(self, probe: str, lo: int, hi: int) -> list[int]:
        """Every string within one edit (ids ``lo..hi-1``, the admissible lengths), plus a
        few bucket-mates: exact where the q-gram count must cap common grams, and cheaper."""
        codes, unknown = self._tri.alphabet.codes, self._deletions.unknown_symbol
        return self._deletions.candidates([codes.get(ch, unknown) for ch in probe], lo, hi)

    def _verify(self, probe: str, edits: int, id_list: list[int]) -> list[tuple[int, int]]:
        """(id, distance) of the candidates truly within ``edits``: closest first, then by
        candidate order; at most ``_MATCHES``."""
        if not id_list:
            return []
        choices = [self.strings[id_list[0]]] if len(id_list) == 1 else list(
            itemgetter(*id_list)(self.strings))
        found = process.extract(probe, choices, scorer=OSA.distance,
                                score_cutoff=edits, limit=_MATCHES)
        return [(id_list[j], int(dist)) for _, dist, j in found]
