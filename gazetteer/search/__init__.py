"""In-memory multilingual toponym search (see docs/design.md, "Search contract")."""

from gazetteer.search.types import Hit, IndexedName, MatchKind, SearchFilters, SearchResult

__all__ = ["Hit", "IndexedName", "MatchKind", "SearchFilters", "SearchIndex", "SearchResult"]


def __getattr__(name: str) -> object:
    # Lazy, because gazetteer.text.keys imports gazetteer.search.types: importing the index
    # here eagerly would make `import gazetteer.text.keys` circular.
    if name == "SearchIndex":
        from gazetteer.search.index import SearchIndex

        return SearchIndex
    raise AttributeError(name)
