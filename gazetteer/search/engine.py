"""The engine's public name (the service imports it from here); see ``index``."""

from gazetteer.search.index import SearchIndex

__all__ = ["SearchIndex"]
