"""The Qt <-> core position mapping: a selection in the widget is exactly the core range."""

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from app.core.article import Article
from app.core.importers.detect import parse_bytes
from app.core.render import render
from app.ui.reader.positions import PositionMap, utf16_length
from app.ui.reader.view import Reader
from tests.conftest import CORPUS, SEEDS, require_shared

MIXED = (
    "Emoji first 😀 then CJK 中文字符 and more 👩‍👩‍👧 family.\n\n"
    "Line with break<br>second 🇯🇵 half, café naïve.\n\n"
    "- item 𝔘𝔫𝔦𝔠𝔬𝔡𝔢\n- item two 漢字\n\n"
    "> quoted 引用 text\n\n"
    "```\ncode   keeps  spaces 😀\n  indented\n```\n\n"
    "Last paragraph with *emphasis* and [a link](https://example.org) 🔗."
)


def selected(reader: Reader, qt_start: int, qt_end: int) -> str:
    cursor = QTextCursor(reader.document())
    cursor.setPosition(qt_start)
    cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
    text = cursor.selectedText()
    # Qt marks table frames with U+FDD0/U+FDD1; a table row is one line of the core text.
    for mark in "\u2029\u2028\ufdd0\ufdd1":
        text = text.replace(mark, "\n")
    return text


def cursor_positions(reader: Reader, pm: PositionMap) -> list[int]:
    """Every position a user can put the cursor on in the body."""
    found = []
    block = reader.document().findBlock(pm.body_start)
    while block.isValid():
        offset = block.position()
        found.append(offset)
        for ch in block.text():
            offset += utf16_length(ch)
            found.append(offset)
        block = block.next()
    return [p for p in found if p >= pm.body_start]


def collapse(text: str) -> str:
    return " ".join(text.split())


def check_article(
    reader: Reader, article: Article, samples: int = 60, *, exact: bool = True
) -> None:
    """``exact=False`` for bodies with images and rules, which show no text in the core."""
    reader.show_article(article)
    pm = reader.positions
    assert pm is not None
    text = render(article.body).text
    assert pm.core_text == text
    rng = random.Random(article.id)
    # Every core boundary survives the round trip.
    for i in range(len(text) + 1):
        assert pm.to_core(pm.to_qt(i)) == i, (article.id, i)
    # A core range shown in the widget selects exactly its text, and converts back.
    ranges = [(0, len(text))]
    for _ in range(samples):
        s = rng.randrange(0, len(text) + 1)
        ranges.append((s, rng.randrange(s, min(len(text), s + 400) + 1)))
    for s, e in ranges:
        qs, qe = pm.range_to_qt(s, e)
        shown = selected(reader, qs, qe)
        if exact:
            assert shown == text[s:e], (article.id, s, e)
        else:
            assert collapse(shown.replace("\ufffc", "")) == collapse(text[s:e])
        assert pm.range_to_core(qs, qe) == (s, e)
    # A drag selection in the widget converts to the core range with the same text.
    valid = cursor_positions(reader, pm)
    for _ in range(samples):
        a, b = rng.choice(valid), rng.choice(valid)
        s, e = pm.range_to_core(a, b)
        shown = selected(reader, min(a, b), max(a, b)).replace("\ufffc", "")
        assert collapse(shown) == collapse(text[s:e])


@pytest.fixture
def reader(qtbot):
    widget = Reader()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    return widget


def test_mixed_text_with_emoji_cjk_tables_and_code(reader):
    check_article(reader, Article(id="mixed", title="Mixed 😀 标题", body=MIXED), samples=300)


def test_tables_map_cell_by_cell(reader):
    body = "Before.\n\n| col 😀 | 表 |\n|---|---|\n| a | b 🎉 |\n\nAfter 表."
    reader.show_article(Article(id="table", title="T", body=body))
    pm = reader.positions
    text = pm.core_text
    assert text == "Before.\ncol 😀 表\na b 🎉\nAfter 表."
    for i in range(len(text) + 1):
        assert pm.to_core(pm.to_qt(i)) == i
    # Qt widens a selection that crosses a table edge to whole cells, so check ranges that
    # stay inside one cell or hold the whole table.
    for quote in ["col 😀", "😀", "表", "b 🎉", "Before.", text]:
        s = text.index(quote)
        qs, qe = pm.range_to_qt(s, s + len(quote))
        assert collapse(selected(reader, qs, qe)) == collapse(quote)
        assert pm.range_to_core(qs, qe) == (s, s + len(quote))


def test_header_positions_map_to_the_start(reader):
    reader.show_article(Article(id="a", title="A title", body="Body text.", author="Me"))
    pm = reader.positions
    assert pm.body_start > 0
    assert pm.to_core(0) == 0
    assert pm.to_core(pm.body_start - 1) == 0
    assert pm.range_to_core(0, pm.to_qt(4)) == (0, 4)


def test_utf16_positions_skip_surrogate_pairs(reader):
    reader.show_article(Article(id="e", title="E", body="😀😀 x"))
    pm = reader.positions
    assert pm.to_qt(1) - pm.to_qt(0) == 2
    assert pm.to_qt(3) - pm.to_qt(0) == 5
    assert pm.to_core(pm.to_qt(4)) == 4


def test_trimmed_drops_breaks_at_the_ends(reader):
    reader.show_article(Article(id="t", title="T", body="One.\n\nTwo."))
    pm = reader.positions
    assert pm.trimmed(4, 6) == (5, 6)
    assert pm.trimmed(2, 5) == (2, 4)
    assert pm.trimmed(4, 5) == (5, 5)


def imported(path: Path) -> list[Article]:
    """Articles as the core importer makes them from a shared file (seed, BBC, Reuters)."""
    drafts, _failures = parse_bytes(path.read_bytes(), path.suffix, path.name)
    return [
        Article(id=f"{path.stem}-{k}", title=d.title, body=d.body, author=d.author)
        for k, d in enumerate(drafts)
    ]


@pytest.mark.parametrize("name", ["000_81b53dd98f06b5e6.txt", "003_2d3196d12ea3c1c4.txt"])
def test_seed_articles(reader, name):
    [article] = imported(require_shared(SEEDS / name))
    check_article(reader, article, samples=200)


def corpus_articles() -> list[Article]:
    """150 BBC stories and 50 Reuters records (entities, control characters), imported."""
    folder = require_shared(CORPUS / "bbc")
    files = sorted(p for p in folder.rglob("*.txt") if p.parent != folder)
    articles = [a for path in random.Random(7).sample(files, 150) for a in imported(path)]
    reuters = imported(require_shared(CORPUS / "reuters21578" / "reut2-003.sgm"))
    with_body = [a for a in reuters if len(a.body) > 200]
    return articles + random.Random(7).sample(with_body, 50)


@pytest.mark.slow
def test_two_hundred_corpus_articles(reader):
    articles = corpus_articles()
    assert len(articles) == 200
    for article in articles:
        check_article(reader, article, samples=20)


def test_rules_and_inline_images_have_no_text(reader):
    body = "# Heading\n\nText 😀.\n\n* * *\n\n![alt](data:image/png;base64,iVBORw0KGgo=) after."
    check_article(reader, Article(id="shapes", title="Shapes", body=body), exact=False)
    assert reader.text == "Heading\nText 😀.\nafter."


PIECES = [
    "word", "NATO", "café", "naïve", "😀", "👩‍👩‍👧", "🇯🇵", "中文", "漢字", "𝔘", "e\u0301",
    " ", " ", " ", "\n", "\n\n", "  \n", "*", "**", "_", "`", "# ", "- ", "1. ", "> ",
    "[a](https://x.org)", "&amp;", "<b>", "\t", "\u00a0", "---", "|", "\\",
]  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60), st.randoms())
def test_any_markdown_maps_both_ways(reader, pieces, rng):
    """Whatever Markdown makes of the text, every core position survives the round trip and
    a selection converts to the core range showing the same words."""
    reader.show_article(Article(id="p", title="P", body="".join(pieces)))
    pm = reader.positions
    text = pm.core_text
    for i in range(len(text) + 1):
        assert pm.to_core(pm.to_qt(i)) == i
    valid = cursor_positions(reader, pm)
    for _ in range(10):
        a, b = sorted((rng.choice(valid), rng.choice(valid)))
        s, e = pm.range_to_core(a, b)
        cursor = QTextCursor(reader.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedTableCells()[0] >= 0 or "\ufdd0" in cursor.selectedText():
            continue  # Qt widens a selection that crosses a table's edge to whole cells
        shown = selected(reader, a, b).replace("\ufffc", "")
        assert collapse(shown) == collapse(text[s:e])
