"""In-memory multilingual toponym search (see docs/design.md, "Search contract")."""

from gazetteer.search.index import SearchIndex
from gazetteer.search.types import Hit, IndexedName, MatchKind, SearchFilters, SearchResult

__all__ = ["Hit", "IndexedName", "MatchKind", "SearchFilters", "SearchIndex", "SearchResult"]
