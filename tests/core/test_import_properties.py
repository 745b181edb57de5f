"""Property tests: the text importers never crash on any bytes, and plain text written as
Markdown renders back to exactly the same words."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.article import Article, parse_article, serialize_article
from app.core.errors import ImportFailed
from app.core.importers.detect import parse_bytes
from app.core.importers.markdown_blocks import Block, clean_text, to_markdown
from app.core.render import render

MARKUP = list("abcé 1.#>-+*_=:~`|[](){}<>&;!\\^\n\t\r\x00\x02\x85\u00a0\u2028")
KINDS = ("paragraph", "subheading", "item", "caption", "preformatted")
markupish_text = st.lists(st.sampled_from([*MARKUP, "&amp;", "&#3;", "1. ", "---\n"]), max_size=40)


def _never_raises_but_import_failed(data: bytes, suffix: str) -> None:
    try:
        drafts, _failures = parse_bytes(data, suffix, f"input{suffix}")
    except ImportFailed as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    for draft in drafts:
        assert draft.title.strip()
        render(draft.body)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_plain_text_importer_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    _never_raises_but_import_failed(data, ".txt")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_markdown_importer_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    _never_raises_but_import_failed(data, ".md")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markupish_text.map("".join), st.sampled_from([".txt", ".md", ".html", ".sgm"]))
def test_importers_never_raise_on_markup_like_text(text: str, suffix: str) -> None:
    _never_raises_but_import_failed(text.encode("utf-8"), suffix)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(KINDS), st.one_of(markupish_text.map("".join), st.text())))
)
def test_blocks_render_to_the_same_words(blocks: list[tuple[str, str]]) -> None:
    markdown = to_markdown([Block(kind, text) for kind, text in blocks])  # type: ignore[arg-type]
    source = " ".join(clean_text(text) for _kind, text in blocks)
    assert render(markdown).text.split() == source.split()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.text(max_size=300), markupish_text.map("".join)),
    st.sampled_from([".txt", ".md", ".html"]),
)
def test_what_an_importer_makes_reads_back_from_its_file(text: str, suffix: str) -> None:
    try:
        drafts, _ = parse_bytes(text.encode("utf-8"), suffix, f"input{suffix}")
    except ImportFailed:
        return
    for draft in drafts:
        article = Article(
            id="x", title=draft.title, body=draft.body, author=draft.author, date=draft.date,
            source=draft.source, url=draft.url, tags=draft.tags,
            imported_from=draft.imported_from, extra=draft.extra,
        )  # fmt: skip
        back = parse_article(serialize_article(article), Path("x.md"))
        assert (back.title, back.author, back.date, back.source, back.tags, back.extra) == (
            article.title, article.author, article.date, article.source, article.tags,
            article.extra,
        )  # fmt: skip
        assert back.body.rstrip("\n") == article.body.rstrip("\n")
