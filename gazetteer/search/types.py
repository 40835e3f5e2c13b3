"""The contract between the database side and the search engine: rows in, hits out."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class MatchKind(IntEnum):
    """How a query met a name; a higher value ranks first."""

    FUZZY = 1
    INFLECTED = 2
    ROMANISED = 3
    NORMALISED = 4
    EXACT = 5

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One name as the engine sees it: the text plus what filters and ranking need."""

    name_id: int
    place_id: str
    text: str
    lang: str
    kind: str
    feature_type: str
    country_codes: tuple[str, ...] = ()
    importance: float = 0.0  # 0..1: population, curated over imported
    curated: bool = True


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Optional restrictions; None means no restriction."""

    lang: str | None = None  # BCP 47 prefix match on the matched name's tag ("zh" matches zh-Hans)
    country: str | None = None  # ISO 3166-1 alpha-2
    feature_type: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """The best-matching name of one place, with why it matched."""

    place_id: str
    name_id: int
    name_text: str
    name_lang: str
    name_kind: str
    match_kind: MatchKind
    score: float  # 0..100, after ranking adjustments
    transformations: tuple[str, ...] = field(default_factory=tuple)
    # The place's ranking inputs, so that hits of two indexes (a base and a freshness
    # overlay) merge in the order one index would give them (``ranking.sort_key``).
    importance: float = 0.0
    curated: bool = False


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    hits: list[Hit]
    # False when a prefix matched too many keys to count them all (a one- or two-letter
    # prefix); ``total`` is then the number of places among the keys that were read.
    total_exact: bool = True
