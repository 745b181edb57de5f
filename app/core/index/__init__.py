"""The search index of the library (Whoosh): build, incremental sync, queries, snippets."""

from app.core.index.results import IndexState, SearchHit, SearchResults
from app.core.index.search_index import SearchIndex
from app.core.index.sync import SyncReport

__all__ = ["IndexState", "SearchHit", "SearchIndex", "SearchResults", "SyncReport"]
