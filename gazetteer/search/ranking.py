"""Ordering and scoring of hits: match kind first, then score, then importance."""

from __future__ import annotations

from gazetteer.search.types import MatchKind

__all__ = ["GENERIC_PENALTY", "KIND_SCORE", "fuzzy_score", "sort_key"]

# Score of a non-fuzzy hit: trust falls with every transformation the match needed.
KIND_SCORE: dict[MatchKind, float] = {
    MatchKind.EXACT: 100.0,
    MatchKind.NORMALISED: 98.0,
    MatchKind.ROMANISED: 95.0,
    MatchKind.INFLECTED: 92.0,
}


# Score lost by a match that needed a generic feature word removed ("Lake Khanka" → "Khanka").
GENERIC_PENALTY = 5.0


def fuzzy_score(distance: int, probe_len: int, key_len: int) -> float:
    """Similarity in 0..90 (a typo never outscores an exact form)."""
    longest = max(probe_len, key_len, 1)
    return round(90.0 * max(0.0, 1.0 - distance / longest), 2)


def sort_key(
    kind: MatchKind, score: float, importance: float, curated: bool, prefix: bool,
    partial: bool = False,
) -> tuple[float, ...]:
    """Ascending sort key. In prefix mode importance outranks score: completions of a
    few typed letters are all equally good matches, and the user most likely means the
    biggest place.

    A ``partial`` match (one that needed a generic feature word removed) keeps its kind
    but sorts after every full-key match of that kind: "Khanka" finds the lake, yet a
    place actually called "Khanka" comes first."""
    rank = -int(kind) + (0.5 if partial else 0.0)
    if prefix:
        return (rank, -importance, -curated, -score)
    return (rank, -score, -importance, -curated)
