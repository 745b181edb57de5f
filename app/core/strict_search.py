"""A search whose answer must be real: used where an empty answer would mislead.

The window's search box shows a hint and no results for a query it cannot run; a timeline,
a saved search's count or a list of related articles built on that empty answer would say
"never written about" or "nothing new" instead of "cannot tell", so there it is an error.
"""

from app.core.errors import InvalidInput
from app.core.index import SearchIndex, SearchResults


def strict_search(
    index: SearchIndex,
    query: str,
    *,
    limit: int = 0,
    offset: int = 0,
    sort: str = "relevance",
    facets: bool = False,
) -> SearchResults:
    """``index.search``, or InvalidInput naming the query (or the index) when it cannot run."""
    results = index.search(query, limit=limit, offset=offset, sort=sort, facets=facets)
    if results.error_hint and not results.total:
        raise InvalidInput(f"query {query!r}: {results.error_hint}")
    if results.notice and not results.total and index.state().status != "ready":
        raise InvalidInput(results.notice)
    return results
