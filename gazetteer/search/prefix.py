"""As-you-type lookup: every key in one sorted list, prefixes found by bisection."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

__all__ = ["PrefixIndex"]

_END = "\U0010ffff"


class PrefixIndex:
    """Sorted distinct keys; :meth:`range` gives the keys starting with a prefix."""

    __slots__ = ("keys",)

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys: list[str] = sorted(set(keys))

    def range(self, prefix: str) -> tuple[int, int]:
        """Half-open index range of the keys that start with ``prefix``."""
        lo = bisect_left(self.keys, prefix)
        hi = bisect_left(self.keys, prefix + _END, lo)
        return lo, hi
