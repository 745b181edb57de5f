"""Changing a library file the way a user's editor does, for tests of what follows a change."""

from app.core.article import Article, serialize_article
from app.core.library import Library


def rewrite_outside(library: Library, article: Article) -> None:
    """Write ``article`` over its own file and let ``library`` read the folder again: the
    library holds no bodies, so an edit is a change of the file, as it is for a user."""
    assert article.path is not None
    article.path.write_text(serialize_article(article), "utf-8")
    library.refresh()
