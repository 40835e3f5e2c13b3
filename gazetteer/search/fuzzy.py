"""Typo-tolerant candidates: trigram postings filtered by the pigeonhole bound, then
rapidfuzz's optimal-string-alignment distance on the few survivors.

A string within ``d`` edits of the probe keeps all but at most ``3d`` of the probe's
trigrams, so it contains at least one of any ``3d + 1`` of them: reading only the
``3d + 1`` rarest posting lists never loses a true match (for probes long enough to have
that many grams) and never reads the huge lists of common grams.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["GramIndex", "max_edits"]

_BUDGET = 40_000  # postings read per probe before falling back to counting
_CANDIDATES = 3_000  # strings scored by rapidfuzz per probe


def max_edits(length: int) -> int:
    """Edits tolerated for a probe of ``length`` characters: short names forgive less."""
    if length <= 2:
        return 0
    if length <= 4:
        return 1
    if length <= 12:
        return 2
    return 3


def grams(text: str) -> set[str]:
    """Boundary-padded trigrams (one pad each side, so short strings still have grams)."""
    padded = f"\x02{text}\x03"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class GramIndex:
    """Trigram postings over a list of distinct key strings."""

    __slots__ = ("postings", "strings")

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.postings: dict[str, array[int]] = {}

    def add_all(self, strings: Iterable[str]) -> None:
        """Index strings; their positions in :attr:`strings` are their ids."""
        postings = self.postings
        ids = self.strings
        for text in strings:
            i = len(ids)
            ids.append(text)
            for g in grams(text):
                lst = postings.get(g)
                if lst is None:
                    postings[g] = array("I", (i,))
                else:
                    lst.append(i)

    def search(self, probe: str, edits: int) -> list[tuple[int, int]]:
        """(string id, edit distance) for indexed strings within ``edits`` of ``probe``."""
        if not probe or edits <= 0:
            return []
        lists = sorted(
            (p for g in grams(probe) if (p := self.postings.get(g)) is not None), key=len
        )
        if not lists:
            return []
        chosen = lists[: 3 * edits + 1]
        if sum(len(p) for p in chosen) <= _BUDGET:
            ids: Iterable[int] = set().union(*chosen)
        else:
            # Too common to read whole: keep the strings sharing the most rare grams.
            counts: Counter[int] = Counter()
            budget = _BUDGET
            for p in lists:
                if budget <= 0:
                    break
                counts.update(p[:budget])
                budget -= len(p)
            ids = [i for i, _ in counts.most_common(_CANDIDATES)]
        id_list = list(ids)
        if len(id_list) > _CANDIDATES * 4:
            id_list = id_list[: _CANDIDATES * 4]
        strings = self.strings
        choices = [strings[i] for i in id_list]
        found = process.extract(
            probe, choices, scorer=OSA.distance, score_cutoff=edits, limit=None
        )
        return [(id_list[j], int(dist)) for _, dist, j in found]
