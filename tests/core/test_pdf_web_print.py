"""A web page printed to PDF (issue 16): the article is kept, the site around it is not.

``tests/samples/pdf/printed-article-with-sidebar.pdf`` is headless Chromium's print (browser
header and footer on, as users print) of the ``.html`` beside it: a menu of links, a headline,
a deck and a byline, five article paragraphs with a "Most read" box of links floated into
the middle of them (the text wraps round it), then readers' comments and a copyright footer.
Printed with ``unshare -n chromium --headless --no-sandbox --print-to-pdf=... file://...``.

The rules are also checked on built paragraphs and lines, with hypothesis for the parts that
read geometry and text the PDF supplies (any numbers, any strings).
"""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.importers import import_paths
from app.core.importers.pdf_layout import Line, Paragraph, paragraphs
from app.core.importers.pdf_web import article
from app.core.workspace import Workspace
from tests.document_samples import SAMPLES

SAMPLE = SAMPLES / "pdf" / "printed-article-with-sidebar.pdf"
ARTICLE = [
    "The first ferry to reach the island since the February storm docked at seven on Monday "
    "morning, carrying forty passengers, the post van and a lorry of building timber for the "
    "new pier.",
    "Islanders had relied on a fishing boat chartered by the council for six weeks, a crossing "
    "that took twice as long and could not carry vehicles, so the shop ran short of fresh food "
    "twice.",
    "The operator said the winter timetable would apply again from Wednesday, with four "
    "crossings a day and an extra evening sailing on Fridays.",
    "Engineers expect the pier to be finished by the end of April, when the larger ferry can "
    "return and the temporary landing stage will be taken down again for the summer season.",
    '"It feels like the island has been given back to us," said the harbour master, who '
    "watched the boat come in from the end of the breakwater with most of the village.",
]
PROSE = "The council voted on Tuesday to close the old bridge to lorries, officials said."


def test_a_printed_page_gives_its_article_without_menu_sidebar_comments_or_footer(
    tmp_path: Path,
) -> None:
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    report = import_paths(workspace, [SAMPLE])
    assert report.ok, report.failed
    article_file = workspace.library.get(report.imported[0].id)
    # Paragraphs wrapped round the floated box read whole, each once, in order.
    assert article_file.body.strip().split("\n\n") == ARTICLE
    assert article_file.title.startswith("Ferry service returns to the island")
    assert article_file.author == "Anna Lindqvist"
    assert str(article_file.date) == "2024-03-03"


def test_the_links_a_browser_print_keeps_are_read_per_line() -> None:
    import pypdfium2 as pdfium

    from app.core.importers.pdf import _page_lines

    document = pdfium.PdfDocument(SAMPLE)
    try:
        page = document[0]
        lines = {line.text.strip(): line for line in _page_lines(page, 0)}
        page.close()
    finally:
        document.close()
    menu = next(line for text, line in lines.items() if text.startswith("Home"))
    assert menu.linked > 0.7  # the gaps between the menu's links are not links
    first = next(line for text, line in lines.items() if text.startswith("The first ferry"))
    assert first.linked == 0.0
    timetable = next(line for text, line in lines.items() if "winter timetable" in text)
    assert 0.0 < timetable.linked < 0.5  # one link in a line of prose


def _paragraph(
    text: str, linked: float = 0.0, left: float = 50.0, right: float = 400.0
) -> Paragraph:
    return Paragraph(text, 10.0, linked * len(text), left, right)


def test_the_comments_heading_ends_the_article_only_after_some_of_it() -> None:
    count = _paragraph("12 comments")  # beside the byline: before any prose
    found = [count, *[_paragraph(PROSE) for _ in range(5)], _paragraph("Comments")]
    found += [_paragraph(PROSE + " I disagree with all of it.") for _ in range(8)]
    assert article(found) == [1, 2, 3, 4, 5]


def test_a_sidebar_between_the_paragraphs_goes_and_the_article_stays_whole() -> None:
    teaser = "Markets fell sharply on Monday as investors weighed the latest figures from abroad."
    found = [_paragraph(PROSE, right=300.0) for _ in range(3)]
    # eight links printed beside the article, drawn between its paragraphs: enough to split
    # the run in two if they stayed
    found += [_paragraph(teaser, 0.8, left=350.0, right=500.0) for _ in range(8)]
    found += [_paragraph(PROSE, right=300.0) for _ in range(3)]
    assert article(found) == [0, 1, 2, 11, 12, 13]


def test_link_heavy_paragraphs_are_not_prose() -> None:
    links = "Council votes to keep the swimming pool open through the winter months, again."
    found = [_paragraph(PROSE), _paragraph(PROSE), *[_paragraph(links, 0.9) for _ in range(6)]]
    assert article(found) == [0, 1]


def test_a_two_column_article_keeps_both_columns() -> None:
    found = [_paragraph(PROSE, left=50.0, right=290.0) for _ in range(3)]
    found += [_paragraph(PROSE, left=310.0, right=550.0) for _ in range(3)]
    assert article(found) == list(range(6))


_NUMBER = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
_WORDS = st.lists(
    st.sampled_from(["ferry", "pier", "Harbour", "links", "1)", "©", "x."]), max_size=20
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(_WORDS, st.floats(0, 1), _NUMBER, _NUMBER, st.sampled_from([8.0, 10.0, 14.0])),
        max_size=30,
    )
)
def test_article_picks_paragraphs_in_order_whatever_they_hold(
    raw: list[tuple[list[str], float, float, float, float]],
) -> None:
    found = [
        Paragraph(" ".join(words), size, share * len(" ".join(words)), left, right)
        for words, share, left, right, size in raw
    ]
    chosen = article(found)
    assert chosen == sorted(set(chosen))
    assert all(0 <= i < len(found) for i in chosen)
    assert all(0.0 <= p.link_density <= 1.0 for p in found)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(["ferry", "pier", "sailed.", "A", "Monday"]), min_size=1,
                     max_size=8),
            _NUMBER, _NUMBER, _NUMBER, st.floats(0.0, 30.0), st.integers(0, 2), st.floats(0, 1),
        ),
        max_size=40,
    )
)  # fmt: skip
def test_paragraphs_from_any_line_geometry_keep_every_word(
    raw: list[tuple[list[str], float, float, float, float, int, float]],
) -> None:
    """Lines from a damaged or odd PDF (zero or negative widths, overlaps, any order, any
    size) give paragraphs with every word once, and a link share within 0..1."""
    lines = [
        Line(" ".join(words), left, right, top, top - 10.0, size, page, linked)
        for words, left, right, top, size, page, linked in raw
    ]
    found = paragraphs(lines)
    assert sorted(w for p in found for w in p.text.split()) == sorted(
        w for line in lines for w in line.text.split()
    )
    assert all(0.0 <= p.link_density <= 1.0 for p in found)


_LINE = st.tuples(_NUMBER, _NUMBER, _NUMBER, _NUMBER, st.sampled_from([8.0, 10.0]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=40))
def test_column_and_box_edges_match_their_definitions(
    raw: list[tuple[float, float, float, float, float]],
) -> None:
    """The sorted searches give what comparing every pair of lines gives, for any geometry
    (negative widths and heights included)."""
    from app.core.importers.pdf_layout import _box_edges, _column_edges

    lines = [Line("w", left, right, top, bottom, size, 0) for left, right, top, bottom, size in raw]
    columns = _column_edges(lines)
    boxes = _box_edges(lines)
    for line in lines:
        sharing = [o.right for o in lines if o.left <= line.right and o.right >= line.left]
        assert columns[id(line)] == max(sharing, default=line.right)
        level = [
            o.left
            for o in lines
            if o.left > line.right and o.bottom < line.top and o.top > line.bottom
        ]
        assert boxes[id(line)] == min(level, default=float("inf"))


@settings(max_examples=200, deadline=None)
@given(
    _NUMBER,
    _NUMBER,
    st.floats(-100, 100),
    st.lists(st.tuples(_NUMBER, _NUMBER, _NUMBER, _NUMBER), max_size=8),
)
def test_linked_share_is_the_part_of_the_line_under_links(
    left: float, right: float, middle: float, raw: list[tuple[float, float, float, float]]
) -> None:
    from app.core.importers.pdf import _linked_share

    boxes = [(min(a, c), min(b, d), max(a, c), max(b, d)) for a, b, c, d in raw]
    share = _linked_share(left, right, middle, boxes)
    assert 0.0 <= share <= 1.0
    if right > left:
        # The covered length, point by point on a fine grid, agrees within the grid's step.
        steps = 400
        xs = [left + (right - left) * (i + 0.5) / steps for i in range(steps)]
        under = sum(any(b[0] <= x <= b[2] and b[1] <= middle <= b[3] for b in boxes) for x in xs)
        assert abs(share - under / steps) <= 2 * len(boxes) / steps + 1e-9


def test_a_box_fixed_on_every_page_goes_and_a_repeated_question_stays() -> None:
    """Chromium prints a fixed cookie bar on every page at one place; an interview asks the
    same question of each guest, at a different height on each page."""
    from app.core.importers.pdf_layout import strip_margins

    banner = "We use cookies to improve your browsing experience on our site."
    question = "What made you start cooking for a living?"
    pages = [
        [
            Line(banner, 40.0, 500.0, 300.0, 290.0, 10.0, page),
            Line(question, 40.0, 400.0, 600.0 - 50 * page, 590.0 - 50 * page, 10.0, page),
            Line(
                f"Guest {page} answers at length.",
                40.0,
                400.0,
                560 - 50 * page,
                550 - 50 * page,
                10.0,
                page,
            ),
        ]
        for page in range(4)
    ]
    kept, _ = strip_margins(pages, [800.0] * 4)
    texts = [line.text for line in kept]
    assert banner not in texts
    assert texts.count(question) == 4 and len(texts) == 8


def test_a_picture_caption_inside_the_article_goes_an_abbreviation_in_brackets_stays() -> None:
    caption = "Protesters gathered outside the council offices on Monday (Image: GETTY )"
    agency = "The new pier seen from the ferry on its first crossing (AP Photo/Jane Doe)"
    term = "The council will now publish the record, known as the electronic file (ePA)"
    found = [_paragraph(PROSE), _paragraph(caption), _paragraph(PROSE), _paragraph(agency)]
    found += [_paragraph(PROSE), _paragraph(term), _paragraph(PROSE)]
    assert article(found) == [0, 2, 4, 5, 6]


def test_pages_that_are_copies_of_one_page_keep_their_text() -> None:
    """A form or a page printed four times: every line stands at the same place on every
    page, and none of it is a banner."""
    from app.core.importers.pdf_layout import strip_margins

    page = [
        (PROSE, 600.0),
        ("The harbour master said the new pier would open in April.", 580.0),
        ("Ferries will run four times a day from Wednesday onwards.", 560.0),
    ]
    pages = [[Line(t, 40.0, 500.0, top, top - 10, 10.0, n) for t, top in page] for n in range(4)]
    kept, _ = strip_margins(pages, [800.0] * 4)
    assert len(kept) == 12


def test_wordpress_comments_headed_by_their_count_and_the_title_end_the_article() -> None:
    heading = "34 responses to “Anthony Lynn: “We needed to win this game””"
    found = [*[_paragraph(PROSE) for _ in range(4)], _paragraph(heading)]
    found += [_paragraph(PROSE + " What a season it has been.") for _ in range(8)]
    assert article(found) == [0, 1, 2, 3]
    # A sentence of the article that starts the same way is not a heading.
    line = _paragraph(
        "3 responses to the council's plan were sent in before the deadline, it said."
    )
    assert article([line, _paragraph(PROSE)]) == [0, 1]
