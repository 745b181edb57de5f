"""Each format importer on small, hand-written inputs, and the detector that picks one."""

import datetime as dt
from pathlib import Path

from app.core.importers import import_paths
from app.core.importers.detect import choose_parser, parse_bytes
from app.core.importers.html_page import parse_html
from app.core.importers.markdown_file import parse_markdown
from app.core.importers.plaintext import infer_title, parse_plain_text
from app.core.importers.reuters import parse_records
from app.core.render import render
from app.core.workspace import Workspace
from tests.core.wording import words

SGML = b"""<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="7">
<DATE> 3-MAR-1987 09:10:11.12</DATE>
<TOPICS><D>acq</D></TOPICS><PLACES><D>usa</D><D>uk</D></PLACES>
<TEXT>&#2;
<TITLE>&lt;ACME&gt; TO BUY WIDGETS &amp; CO</TITLE>
<DATELINE>    NEW YORK, March 3 - </DATELINE><BODY>&lt;Acme Corp&gt; said it would buy
Widgets \xe9 Co for 12 mln dlrs.
    1. The deal is *subject* to approval.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID="8"><DATE>3-MAR-1987</DATE><TOPICS></TOPICS><PLACES></PLACES>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ACME SEES HIGHER PROFIT
</TITLE>Blah blah blah.
&#3;
</TEXT></REUTERS>
<REUTERS NEWID="9"><DATE>3-MAR-1987</DATE>
<TEXT TYPE="UNPROC">&#2;
WEEKLY TABLE - MARCH 3
 Net reserves........644 vs.....1,337
 Borrowings..........680 vs.......425
&#3;
</TEXT></REUTERS>
<REUTERS NEWID="10"><DATE>3-MAR-1987</DATE><TEXT TYPE="UNPROC">&#2;
&#3;
</TEXT></REUTERS>
"""


def test_reuters_records_entities_tags_dateline_and_odd_records() -> None:
    drafts, failures = parse_records(SGML, "reut2-test.sgm")
    full, brief, table = drafts
    assert full.title == "<ACME> TO BUY WIDGETS & CO"
    assert full.date == dt.date(1987, 3, 3)
    assert full.source == "Reuters"
    assert full.tags == ["acq", "usa", "uk"]
    assert full.imported_from == "reut2-test.sgm#7"
    text = render(full.body).text
    assert text.startswith("NEW YORK, March 3 - <Acme Corp> said it would buy Widgets")
    assert "\n1. The deal is *subject* to approval.\nReuter" in text
    assert "\x03" not in full.body and "\x02" not in full.body
    assert "Widgets é Co" in text  # a stray Latin-1 byte is read as Windows-1252
    assert (brief.title, brief.body) == ("ACME SEES HIGHER PROFIT", "")
    assert table.title == "WEEKLY TABLE - MARCH 3"
    assert " Net reserves........644 vs.....1,337" in render(table.body).text
    assert [str(f) for f in failures] == ["reut2-test.sgm#10: record has no title and no text"]


def test_brief_records_with_only_a_title_are_not_duplicates_of_each_other(tmp_path: Path) -> None:
    sgm = tmp_path / "briefs.sgm"
    sgm.write_bytes(
        b"".join(
            b'<REUTERS NEWID="%d"><TEXT TYPE="BRIEF"><TITLE>FLASH %d</TITLE>Blah blah blah.'
            b"</TEXT></REUTERS>\n" % (n, n)
            for n in range(3)
        )
    )
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    assert len(import_paths(workspace, [sgm]).imported) == 3
    again = import_paths(workspace, [sgm])
    assert (len(again.imported), len(again.duplicates)) == (0, 3)


def test_markdown_with_front_matter_keeps_fields_and_body() -> None:
    text = (
        "---\nid: budget-day\ntitle: Budget day\nauthor: A. Writer\ndate: 2023-03-15\n"
        "source: The Paper\nurl: https://example.org/b\ntags: [economy, uk]\nmood: grim\n---\n"
        "The chancellor *spoke*.\n\n- one\n- two\n"
    )
    draft = parse_markdown(text, "budget.md")
    assert (draft.wanted_id, draft.title, draft.author) == ("budget-day", "Budget day", "A. Writer")
    assert (draft.date, draft.source, draft.url) == (
        dt.date(2023, 3, 15),
        "The Paper",
        "https://example.org/b",
    )
    assert draft.tags == ["economy", "uk"] and draft.extra == {"mood": "grim"}
    assert draft.body == "The chancellor *spoke*.\n\n- one\n- two\n"
    assert draft.warnings == []


def test_markdown_without_front_matter_takes_the_heading_as_title() -> None:
    draft = parse_markdown("# Floods in the north\n\nRivers burst their banks.\n", "floods.md")
    assert draft.title == "Floods in the north"
    assert draft.body == "Rivers burst their banks.\n"
    twice = parse_markdown("---\ntitle: Floods\n---\n# Floods\n\nRivers rose.\n", "f.md")
    assert (twice.title, twice.body) == ("Floods", "Rivers rose.\n")
    bare = parse_markdown("Rivers burst their banks across the north, officials said.\n", "x.md")
    assert bare.title == "Rivers burst their banks across the north"


def test_markdown_with_a_bad_date_is_imported_with_a_warning() -> None:
    draft = parse_markdown("---\ntitle: T\ndate: someday\n---\nText.\n", "t.md")
    assert draft.date is None
    assert draft.warnings == ["date 'someday' is not a date; left empty"]


PAGE = """<!DOCTYPE html><html><head>
<title>Council approves bridge | The Courier</title>
<meta property="og:title" content="Council approves new bridge">
<meta property="og:site_name" content="The Courier">
<meta property="og:url" content="https://courier.example/bridge">
<meta property="article:published_time" content="2024-05-02T08:00:00+01:00">
<link rel="stylesheet" href="https://cdn.example/s.css"><style>body{}</style>
<script src="https://cdn.example/app.js"></script></head>
<body><nav><ul><li>Home</li><li>Sport</li></ul></nav>
<article><header><h1>Council approves new bridge</h1>
<span class="byline">By Sam Porter</span><time datetime="2024-05-01">1 May 2024</time></header>
<p>The council voted <em>9 to 2</em> for the bridge &amp; a new road.</p>
<figure><img src="https://cdn.example/bridge.jpg" alt="x">
<figcaption>The old crossing</figcaption></figure>
<h2>What happens next</h2><ol><li>Consultation</li><li>Building</li></ol>
<p>Work starts in <a href="/2025">2025</a>.<br>Costs are not yet known.</p>
</article><aside>Most read: something else</aside><footer>© The Courier</footer></body></html>"""


def test_html_page_metadata_and_article_body() -> None:
    draft = parse_html(PAGE, "bridge.html")
    assert draft.title == "Council approves new bridge"
    assert draft.author == "Sam Porter"
    assert draft.date == dt.date(2024, 5, 1)
    assert draft.source == "The Courier"
    assert draft.url == "https://courier.example/bridge"
    text = render(draft.body).text
    assert text.split("\n") == [
        "The council voted 9 to 2 for the bridge & a new road.",
        "The old crossing",
        "What happens next",
        "Consultation",
        "Building",
        "Work starts in 2025. Costs are not yet known.",
    ]
    assert "http" not in draft.body and "Most read" not in text and "Home" not in text


def test_html_title_falls_back_to_h1_then_title_element() -> None:
    assert (
        parse_html("<h1>Only a heading</h1><p>Text here.</p>", "a.html").title == "Only a heading"
    )
    page = "<html><head><title>Head title</title></head><body><p>Text here.</p></body></html>"
    assert parse_html(page, "b.html").title == "Head title"


def test_detector_uses_content_then_extension() -> None:
    assert choose_parser(".htm", "plain words").__module__.endswith("html_page")
    assert choose_parser("", "<!doctype html><p>x</p>").__module__.endswith("html_page")
    assert choose_parser(".txt", "<html><p>x</p>").__module__.endswith("plaintext")
    assert choose_parser(".txt", "---\ntitle: x\n---\nbody").__module__.endswith("markdown_file")
    assert choose_parser(".md", "no front matter").__module__.endswith("markdown_file")
    assert choose_parser(".text", "Headline\n\nBody.").__module__.endswith("plaintext")
    drafts, _ = parse_bytes(SGML, ".dat", "feed.dat")
    assert drafts[0].source == "Reuters"


def test_plain_text_byline_needs_a_headline_below_it() -> None:
    draft = parse_plain_text("Jane Smith\n\nTrains cancelled\n\nAll trains stopped today.\n", "a")
    assert (draft.author, draft.title) == ("Jane Smith", "Trains cancelled")
    headline_only = parse_plain_text("Blair Warns Brown\n\nThe prime minister said.\n", "b")
    assert (headline_only.author, headline_only.title) == (None, "Blair Warns Brown")


def test_plain_text_markup_characters_survive_rendering() -> None:
    source = "Odd lines\n\n1. not a list\n\n# not a heading\n\n<b>not a tag</b> *a* _b_ [c](d)\n"
    draft = parse_plain_text(source, "odd.txt")
    text = render(draft.body).text
    assert text == "1. not a list\n# not a heading\n<b>not a tag</b> *a* _b_ [c](d)"


def test_inferred_title_is_short_and_cut_at_a_word_boundary() -> None:
    lede = (
        "Yesterday, the extraordinarily long-winded committee on international maritime "
        "boundaries and fishing rights published its report"
    )
    title = infer_title(lede)
    assert len(title) <= 80
    assert lede.find(title) > 0 and lede[lede.find(title) + len(title)] == " "
    assert words(title)[0] == "the"


def test_plain_text_wrapped_lines_join_their_paragraph() -> None:
    wrapped = (
        "Council votes to close library\n\n"
        "The council voted last night to close the central library, citing a\n"
        "budget gap of two million pounds that officials say cannot be closed\n"
        "any other way, and campaigners vowed to fight the decision.\n\n"
        "The library opened in 1904 and was\nextended twice.\n"
    )
    draft = parse_plain_text(wrapped, "library.txt")
    paragraphs = render(draft.body).text.split("\n")
    assert len(paragraphs) == 2
    assert paragraphs[1] == "The library opened in 1904 and was extended twice."
