"""Co-occurrence of tags on passages and in articles, and counts by source and year."""

import datetime as dt
from pathlib import Path

from app.core.annotations import AnnotationStore
from app.core.article import Article
from app.core.cooccurrence import article_cooccurrence, by_attribute, passage_cooccurrence
from app.core.library import Library
from app.core.render import render

BODY = "Japan dropped Aegis Ashore in 2020. Critics said the costs were too high."


def test_tables(library_dir: Path, data_dir: Path) -> None:
    library = Library(library_dir)
    library.add(Article(id="a", title="A", body=BODY, source="Reuters", date=dt.date(2020, 1, 2)))
    library.add(Article(id="b", title="B", body=BODY))
    store = AnnotationStore(data_dir / "annotations", library)
    text = render(BODY).text

    def mark(article: str, quote: str, *tags: str) -> str:
        start = text.index(quote)
        return store.create(article, start, start + len(quote), tags=list(tags)).id

    first = mark("a", "dropped Aegis", "Costs")
    second = mark("a", "Aegis Ashore", "japan", "defence")
    mark("a", "in 2020", "costs")  # touches "Aegis Ashore" without overlapping it
    mark("b", "Critics", "japan")
    passages = passage_cooccurrence(store)
    assert passages.rows == ["Costs", "defence", "japan"]
    assert passages.count("Costs", "japan") == 1 and passages.count("japan", "Costs") == 1
    assert passages.count("defence", "japan") == 1  # one highlight with both tags
    ((cell,),) = [passages.passages[("Costs", "defence")]]
    assert cell.article_id == "a" and set(cell.annotation_ids) == {first, second}
    articles = article_cooccurrence(store)
    assert articles.count("Costs", "japan") == 1  # article b has japan alone
    years = by_attribute(store, "year")
    assert years.columns == ["2020", "(none)"]
    assert (years.count("Costs", "2020"), years.count("japan", "(none)")) == (2, 1)
    assert years.to_csv().split("\r\n")[:2] == ["tag,2020,(none)", "Costs,2,0"]
