"""As-you-type lookup: every key in one sorted list, plus a precomputed top-k per busy prefix.

A prefix that starts at most ``HEAVY`` keys is answered by bisection and a walk over its
(few) keys. A *busy* prefix — one or two letters, or a common start like "san" — would mean
reading thousands of keys, and reading them in key order would show only the alphabetically
first completions. So at build time every busy prefix (of any length: found by descending
from the one-letter prefixes into the children of busy ones only) gets the positions of its
``TOP_K`` most important keys (importance of the best place behind a key, then key order).
A query for a busy prefix reads those ``TOP_K`` keys: a dict probe, bounded work.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

__all__ = ["HEAVY", "TOP_K", "PrefixIndex"]

_END = "\U0010ffff"
HEAVY = 256  # a prefix starting more keys than this gets a precomputed top-k
TOP_K = 128  # completions kept per busy prefix (the API's largest page is 100)


class PrefixIndex:
    """Sorted distinct keys; :meth:`range` gives the keys starting with a prefix and
    :meth:`top` the most important ones of a busy prefix."""

    __slots__ = ("_top", "keys")

    def __init__(self, keys: list[str], importance: np.ndarray | None = None) -> None:
        """``keys`` sorted and distinct; ``importance[i]`` is the weight of ``keys[i]``."""
        self.keys = keys
        self._top: dict[str, np.ndarray] = {}
        if importance is None or len(keys) <= HEAVY:
            return
        pos = np.arange(len(keys), dtype=np.int64)
        order = np.lexsort((pos, -np.asarray(importance, dtype=np.float64)))
        rank = np.empty(len(keys), dtype=np.int64)
        rank[order] = pos  # 0 = most important key, ties by key order
        del order, pos
        self._descend("", 0, len(keys), rank)

    def _descend(self, prefix: str, lo: int, hi: int, rank: np.ndarray) -> None:
        """Record top-k for the busy children of ``prefix`` (keys[lo:hi] start with it)."""
        keys, depth = self.keys, len(prefix)
        stack = [(prefix, lo, hi)]
        while stack:
            prefix, lo, hi = stack.pop()
            depth = len(prefix)
            pos = lo
            while pos < hi:
                key = keys[pos]
                if len(key) <= depth:  # the prefix itself is a key: sorts first
                    pos += 1
                    continue
                child = key[: depth + 1]
                end = bisect_left(keys, child + _END, pos, hi)
                if end - pos > HEAVY:
                    r = rank[pos:end]
                    top = np.argpartition(r, TOP_K)[:TOP_K]
                    top = top[np.argsort(r[top])]
                    self._top[child] = (top + pos).astype(np.int32)
                    stack.append((child, pos, end))
                pos = end

    def range(self, prefix: str) -> tuple[int, int]:
        """Half-open index range of the keys that start with ``prefix``."""
        lo = bisect_left(self.keys, prefix)
        hi = bisect_left(self.keys, prefix + _END, lo)
        return lo, hi

    def top(self, prefix: str) -> list[int] | None:
        """Positions of the most important keys starting with a busy ``prefix`` (best
        first), or None when the prefix is not busy (walk :meth:`range` instead)."""
        found = self._top.get(prefix)
        return None if found is None else found.tolist()

    @property
    def busy_prefixes(self) -> int:
        return len(self._top)
