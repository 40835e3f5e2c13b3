"""Key → names postings packed into plain ints, so a key costs one dict slot, not a list.

A posting is ``name_index << TRANS_BITS | transformation_code``. A key with one posting
stores that int directly; a key with several stores ``-(slot + 1)``, pointing at an
``array('q')`` in a side table. Most keys have exactly one name.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

__all__ = ["TRANS_BITS", "Postings"]

TRANS_BITS = 6
_TRANS_MASK = (1 << TRANS_BITS) - 1


class Postings:
    """A dict from key text to packed postings, with a side table for shared keys."""

    __slots__ = ("keys", "multi")

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}
        self.multi: list[array[int]] = []

    def add(self, key: str, name_index: int, trans_code: int) -> None:
        """Record that ``key`` leads to name ``name_index`` via transformation ``trans_code``."""
        packed = (name_index << TRANS_BITS) | trans_code
        old = self.keys.get(key)
        if old is None:
            self.keys[key] = packed
        elif old >= 0:
            if old != packed:
                self.keys[key] = -len(self.multi) - 1
                self.multi.append(array("q", (old, packed)))
        else:
            slot = self.multi[-old - 1]
            if slot[-1] != packed:
                slot.append(packed)

    def get(self, key: str) -> Iterator[tuple[int, int]]:
        """(name index, transformation code) pairs under ``key``; nothing if absent."""
        value = self.keys.get(key)
        if value is None:
            return
        if value >= 0:
            yield value >> TRANS_BITS, value & _TRANS_MASK
        else:
            for packed in self.multi[-value - 1]:
                yield packed >> TRANS_BITS, packed & _TRANS_MASK

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def __len__(self) -> int:
        return len(self.keys)
