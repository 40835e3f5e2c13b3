"""One-edit neighbours from a deletion neighbourhood (the SymSpell idea), hashed into numpy.

Two strings are within one OSA edit only if one of them, or one of its single-character
deletions, equals the other or one of *its* deletions: a substitution at ``j`` leaves both
strings equal once ``j`` is deleted from each, an insertion is undone by one deletion, and
an adjacent transposition ``ab → ba`` leaves equal strings once ``a`` is deleted from one
and ``b`` from the other. So every indexed string is filed under the hash of itself and of
each of its deletions, and a probe reads the buckets of its own ``len + 1`` variants.

Nothing is stored but bucket offsets and string ids (about 5 bytes per indexed character):
two variants that merely share a bucket become candidates, and rapidfuzz's exact OSA
distance on the few candidates drops them. Nothing within one edit is ever missed, unlike
the q-gram count filter, which must cap its candidates for common grams; and a probe costs
a few dozen microseconds however common its grams are.

Hashes are polynomial (mod 2**64) over the alphabet codes of :mod:`fuzzy`, computed for a
whole chunk of strings at once from one prefix sum, so the build is a handful of numpy
passes over the padded text the q-gram postings are built from.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DeletionIndex"]

_BASE = 0x9E3779B97F4A7C15  # odd, so invertible mod 2**64
_BASE_INV = pow(_BASE, -1, 1 << 64)
_WORD = (1 << 64) - 1
_MIX_1, _MIX_2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
_LOAD = 4  # indexed variants per bucket, on average (each costs one OSA check at most)
_CHUNK_CHARS = 1 << 18  # padded symbols hashed at a time at build time
_U = np.uint64


def _powers(base: int, n: int) -> np.ndarray:
    """``base**k mod 2**64`` for ``k`` in ``0..n-1`` (numpy's unsigned products wrap)."""
    out = np.full(n, base, dtype=np.uint64)
    out[0] = 1
    return np.cumprod(out, dtype=np.uint64)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, in place: every output bit depends on every input bit, so the
    top bits of the result make a fair bucket number."""
    h ^= h >> _U(30)
    h *= _U(_MIX_1)
    h ^= h >> _U(27)
    h *= _U(_MIX_2)
    h ^= h >> _U(31)
    return h


def _mix_one(h: int) -> int:
    """:func:`_mix` of one Python int (a probe has a dozen variants: numpy calls would cost
    more than the arithmetic)."""
    h ^= h >> 30
    h = (h * _MIX_1) & _WORD
    h ^= h >> 27
    h = (h * _MIX_2) & _WORD
    return h ^ (h >> 31)


def variant_hashes(symbols: list[int]) -> list[int]:
    """The hash of ``symbols`` and of each of its one-symbol deletions, in Python ints: the
    same values as :meth:`_Hasher.variants` (a test holds the two together)."""
    n = len(symbols)
    head = [0] * (n + 1)  # head[j] = H(symbols[:j])
    for j, c in enumerate(symbols):
        head[j + 1] = (head[j] * _BASE + c) & _WORD
    out = [head[n]]
    tail, power = 0, 1  # H(symbols[j+1:]) and B ** len(symbols[j+1:])
    for j in range(n - 1, -1, -1):
        out.append((head[j] * power + tail) & _WORD)
        tail = (symbols[j] * power + tail) & _WORD
        power = (power * _BASE) & _WORD
    return out


class _Hasher:
    """Polynomial hashes of strings and of their one-character deletions.

    ``H(s) = Σ s[k] · B**(len - 1 - k)``; with ``S[i] = Σ_{k<i} d[k] · B**-k`` over a run of
    symbols ``d``, the string at ``[a, e)`` hashes to ``B**(e-1) · (S[e] - S[a])`` and its
    deletion of position ``p`` to ``B**(e-2) · (S[p] - S[a]) + B**(e-1) · (S[e] - S[p+1])``:
    one prefix sum serves every variant of every string in the run."""

    def __init__(self, longest_run: int) -> None:
        self._pow = _powers(_BASE, longest_run + 1)
        self._inv = _powers(_BASE_INV, longest_run + 1)

    def variants(self, symbols: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                 ) -> tuple[np.ndarray, np.ndarray]:
        """(hash, string number) of every string ``symbols[starts[i]:ends[i]]`` (numbered
        ``i``) and of each of its one-character deletions; non-empty strings only."""
        n = len(symbols)
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(symbols.astype(np.uint64) * self._inv[:n], out=prefix[1:])
        lengths = ends - starts
        whole = self._pow[ends - 1] * (prefix[ends] - prefix[starts])
        owner = np.repeat(np.arange(len(starts), dtype=np.int64), lengths)
        first_char = np.repeat(starts, lengths)
        pos = first_char + (np.arange(len(owner), dtype=np.int64)
                            - np.repeat(np.cumsum(lengths) - lengths, lengths))
        end = ends[owner]
        dropped = (self._pow[end - 2] * (prefix[pos] - prefix[first_char])
                   + self._pow[end - 1] * (prefix[end] - prefix[pos + 1]))
        return (np.concatenate((whole, dropped)),
                np.concatenate((np.arange(len(starts), dtype=np.int64), owner)))


class DeletionIndex:
    """Strings within one OSA edit of a probe, found through bucketed deletion hashes."""

    __slots__ = ("_id_view", "_ids", "_offset_view", "_offsets", "_shift",
                 "_unknown")

    def __init__(self, dense: np.ndarray, bounds: np.ndarray, unknown_symbol: int) -> None:
        """``dense``: the strings' padded symbols end to end, string ``i`` at
        ``bounds[i]:bounds[i+1]`` with one pad symbol each side; ``unknown_symbol``: a code
        no indexed string holds, given to probe characters outside the alphabet."""
        n_strings = len(bounds) - 1
        chars = int(bounds[-1]) - 2 * n_strings
        entries = chars + n_strings
        buckets = 1 << max(1, (max(entries // _LOAD, 1) - 1).bit_length())
        self._shift = 64 - buckets.bit_length() + 1
        self._unknown = unknown_symbol
        self._ids = np.zeros(0, dtype=np.uint32)
        self._offsets = np.zeros(buckets + 1, dtype=np.uint32 if entries < 1 << 32
                                 else np.int64)
        if n_strings:
            self._fill(dense, bounds, buckets)
        # Python reads a memoryview item as a plain int, ten times faster than a numpy one.
        self._id_view = memoryview(self._ids)
        self._offset_view = memoryview(self._offsets)

    def _chunks(self, dense: np.ndarray, bounds: np.ndarray, hasher: _Hasher):  # type: ignore[no-untyped-def]
        """(bucket, string id) arrays, a run of whole strings at a time."""
        n_strings = len(bounds) - 1
        first = 0
        while first < n_strings:
            stop = int(np.searchsorted(bounds, bounds[first] + _CHUNK_CHARS, side="right")) - 1
            stop = min(max(stop, first + 1), n_strings)
            base = int(bounds[first])
            starts = bounds[first:stop] - base + 1
            ends = bounds[first + 1 : stop + 1] - base - 1
            hashes, owner = hasher.variants(
                dense[base : int(bounds[stop])], starts, ends)
            yield _mix(hashes) >> _U(self._shift), owner + first
            first = stop

    def _fill(self, dense: np.ndarray, bounds: np.ndarray, buckets: int) -> None:
        """A counting sort in two hashing passes: count each bucket's entries, then write
        every string id to its bucket's next free slot. Only one chunk of hashes is alive at a
        time, so the transient memory is a chunk, not a second copy of the index.

        A string that deletes either of two equal neighbours ("ll") files one variant twice;
        the repeat costs a slot and nothing else (candidates are a set)."""
        hasher = _Hasher(max(_CHUNK_CHARS, int(np.diff(bounds).max())) + 1)
        counts = self._offsets[1:]
        for bucket, _ in self._chunks(dense, bounds, hasher):
            # Sorting a chunk and counting its runs: a bincount would allocate the whole
            # bucket range (tens of MB) per chunk.
            bucket.sort()
            first = np.flatnonzero(np.concatenate(([True], bucket[1:] != bucket[:-1])))
            counts[bucket[first].astype(np.intp)] += np.diff(
                np.append(first, len(bucket))).astype(counts.dtype)
        np.cumsum(self._offsets, out=self._offsets)
        self._ids = np.empty(int(self._offsets[-1]), dtype=np.uint32)
        cursor = self._offsets[:-1].copy()  # the next free slot of each bucket
        id_bits = max(1, (len(bounds) - 1).bit_length())
        for bucket, owner in self._chunks(dense, bounds, hasher):
            # (bucket, id) packed in one word: a plain sort groups a chunk by bucket, several
            # times faster than an argsort of the buckets.
            packed = (bucket << _U(id_bits)) | owner.astype(np.uint64)
            del bucket, owner
            packed.sort()
            ordered = (packed >> _U(id_bits)).astype(np.intp)
            first = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
            run = np.diff(np.append(first, len(ordered)))
            slot = cursor[ordered].astype(np.int64) + (
                np.arange(len(ordered)) - np.repeat(first, run))
            self._ids[slot] = packed & _U((1 << id_bits) - 1)
            cursor[ordered[first]] += run.astype(cursor.dtype)
            del packed, ordered, first, run, slot

    def candidates(self, probe: list[int], lo: int, hi: int) -> list[int]:
        """Ids from ``lo`` to ``hi - 1`` of the indexed strings that may be within one edit of
        the string whose alphabet codes are ``probe`` (``unknown_symbol`` for characters
        outside the alphabet): every true neighbour, plus a few bucket-mates to be verified.
        Ascending, distinct."""
        offsets, ids, shift = self._offset_view, self._id_view, self._shift
        found: set[int] = set()
        for h in variant_hashes(probe):
            bucket = _mix_one(h) >> shift
            found.update(ids[offsets[bucket] : offsets[bucket + 1]])
        return sorted(i for i in found if lo <= i < hi)

    @property
    def unknown_symbol(self) -> int:
        return self._unknown

    @property
    def nbytes(self) -> int:
        return int(self._ids.nbytes + self._offsets.nbytes)
