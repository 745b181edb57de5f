"""RSS, Atom and JSON Feed files (issue 16): one article per item, field by field, full text
where the feed carries it and the summary marked as such; a feed imported again adds only
its new items; hostile feeds (XXE, billion laughs, broken, empty, misnamed) are one line.

The samples in tests/samples/feeds were written for these tests after real feeds (a
WordPress RSS 2.0 with content:encoded, an Atom feed with xhtml content, an RSS 0.91 feed
with descriptions only, a JSON Feed 1.1).
"""

import datetime as dt
import io
import time
from pathlib import Path

import feedparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import ImportFailed
from app.core.importers import import_paths
from app.core.importers.detect import IMPORTABLE_SUFFIXES, parse_bytes
from app.core.importers.feeds import SUMMARY_WARNING
from app.core.library import read_article_file
from app.core.render import render
from app.core.workspace import Workspace
from tests.conftest import ROOT

FEEDS = ROOT / "tests" / "samples" / "feeds"
SECRET = "SECRET-FROM-A-LOCAL-FILE"


def _parse(name: str) -> list:  # type: ignore[type-arg]
    drafts, failures = parse_bytes((FEEDS / name).read_bytes(), Path(name).suffix, name)
    assert failures == []
    return drafts


def test_rss2_items_with_full_content_summary_and_link_as_guid() -> None:
    cranes, ferry, dredging = _parse("harbour-rss2.rss")
    assert (cranes.title, cranes.author, cranes.date, cranes.source) == (
        "Electric cranes arrive at Maasvlakte", "Anna de Vries", dt.date(2024, 5, 14),
        "Harbour Gazette")  # fmt: skip
    assert cranes.url == "https://gazette.example/2024/05/14/cranes"
    assert cranes.tags == ["Port", "Energy"]
    assert cranes.extra == {"guid": "gazette-2024-0514-cranes"}
    # content:encoded, not the one-line description; no script, no tracking pixel.
    assert cranes.body.count("\n\n") == 2 and "twelve cranes to be working" in cranes.body
    assert "alert" not in cranes.body and "track.example" not in cranes.body
    assert (ferry.author, ferry.tags) == ("Pieter Bakker", ["Transport"])
    assert (
        ferry.body
        == "The night ferry to Hoek van Holland will leave half an hour later from June.\n"
    )
    assert ferry.extra == {"content": "summary", "guid": "https://gazette.example/2024/05/13/ferry"}
    assert ferry.warnings == [SUMMARY_WARNING]
    # No guid: the link identifies the item.
    assert dredging.extra == {"guid": "https://gazette.example/2024/05/12/dredging"}


def test_atom_json_feed_and_rss091() -> None:
    volumes, pilots = _parse("harbour-atom.atom")
    assert (volumes.source, volumes.author, volumes.date, volumes.tags) == (
        "Harbour & Shipping", "Karin Visser", dt.date(2024, 5, 10), ["Trade"])  # fmt: skip
    assert volumes.body.startswith("Container volumes rose 4% in April")
    assert "Baltic" in volumes.body and "content" not in volumes.extra
    assert (pilots.date, pilots.extra["content"]) == (dt.date(2024, 5, 9), "summary")
    shore, tugs = _parse("harbour-feed.json")
    assert (shore.title, shore.author, shore.date, shore.source, shore.url, shore.tags) == (
        "Shore power for cruise ships", "Lotte Jansen", dt.date(2024, 5, 8), "Quay Notes",
        "https://quay.example/41", ["cruise", "energy"])  # fmt: skip
    assert "cid:" not in shore.body and shore.extra == {"guid": "quay-41"}
    assert tugs.body == "Tug crews asked the port for binding rest rules.\n\nTalks start in June.\n"
    (sluis,) = _parse("harbour-rss091.xml")
    assert (sluis.title, sluis.source, sluis.extra["content"]) == (
        "Sluis weer open na reparatie", "Havenkrant", "summary")  # fmt: skip


def _feed(items: range, edited: bool = False) -> bytes:
    entries = "".join(
        f"<item><title>Item {n}</title><guid>id-{n}</guid><link>https://x.example/{n}</link>"
        f"<description>Text of item {n}{' (updated)' if edited else ''}.</description></item>"
        for n in items
    )
    channel = f"<channel><title>Wire</title>{entries}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


def test_importing_the_feed_again_adds_only_new_items(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    feed = tmp_path / "wire.rss"
    feed.write_bytes(_feed(range(1, 4)))
    first = import_paths(workspace, [feed])
    assert len(first.imported) == 3
    assert read_article_file(first.imported[0].path).extra["guid"] == "id-1"
    # Later: two new items, and the old ones edited by the outlet (new text, same guid).
    feed.write_bytes(_feed(range(1, 6), edited=True))
    second = import_paths(workspace, [feed])
    assert [read_article_file(i.path).title for i in second.imported] == ["Item 4", "Item 5"]
    assert len(second.duplicates) == 3
    # The same guid in another feed (with other words) is another item.
    other = tmp_path / "other.rss"
    data = _feed(range(1, 2)).replace(b"<title>Wire</title>", b"<title>Other</title>")
    other.write_bytes(data.replace(b"Text of", b"Words of"))
    assert len(import_paths(workspace, [other]).imported) == 1


def _xxe() -> bytes:
    secret = Path(__file__).parent / "feed-secret.txt"
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>t</title><item><title>a &xxe; b</title>'
        "<description>x &xxe;</description></item></channel></rss>"
    ).encode()


def _billion_laughs() -> bytes:
    entities = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>t</title><item><title>&j;</title></item></channel></rss>"
    ).encode()


def test_feedparser_itself_neither_reads_external_entities_nor_expands_laughs(
    tmp_path: Path,
) -> None:
    secret = Path(__file__).parent / "feed-secret.txt"
    secret.write_text(SECRET)
    try:
        parsed = feedparser.parse(io.BytesIO(_xxe()))
        assert SECRET not in str(parsed)
    finally:
        secret.unlink()
    started = time.perf_counter()
    parsed = feedparser.parse(io.BytesIO(_billion_laughs()))
    assert time.perf_counter() - started < 3
    assert all(len(e.get("title", "")) < 1000 for e in parsed.entries)


def test_hostile_feeds_are_one_line_each_and_the_rest_imports(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    good = (FEEDS / "harbour-rss2.rss").read_bytes()
    cases = {
        "xxe.rss": _xxe(),
        "laughs.xml": _billion_laughs(),
        "empty.atom": b"",
        "truncated.rss": good[: len(good) // 3],
        "broken.json": b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
        "notes.rss": b"Just some notes, not a feed at all.\n",
        "noitems.xml": b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>',
        "good.rss": good,
        "misnamed.txt": (FEEDS / "harbour-atom.atom").read_bytes(),
        "huge.rss": _feed(range(7, 10)).replace(
            b"<item>", b"<!--" + b"x" * (17 << 20) + b"--><item>"
        ),
    }
    for name, data in cases.items():
        (inputs / name).write_bytes(data)
    report = import_paths(Workspace(tmp_path / "library", tmp_path / "data"), [inputs])
    reasons = {Path(f.source).name: f.reason for f in report.failed}
    assert "declares XML entities" in reasons["xxe.rss"]
    assert "declares XML entities" in reasons["laughs.xml"]
    assert reasons["empty.atom"] == "empty file: nothing to import"
    assert "a feed with no items" in reasons["noitems.xml"]
    assert "damaged JSON Feed" in reasons["broken.json"]
    assert "not an RSS, Atom or JSON feed" in reasons["notes.rss"]
    assert all("\n" not in r for r in reasons.values())
    per_file = report.articles_per_file()
    assert per_file[str(inputs / "good.rss")] == 3
    assert per_file[str(inputs / "misnamed.txt")] == 2  # by content, not by name
    # A feed cut inside its first item: nothing half-written.
    assert reasons["truncated.rss"] == "the feed is cut short inside its first item"
    assert reasons["huge.rss"].startswith("too large for a news article (51.0 MB; the limit is 16")


def test_a_feed_cut_short_gives_its_whole_items_and_names_the_cut_one() -> None:
    good = (FEEDS / "harbour-rss2.rss").read_bytes()
    cut = good[: good.index(b"Dredgers began")]
    drafts, failures = parse_bytes(cut, ".rss", "cut.rss")
    assert [d.title for d in drafts] == [
        "Electric cranes arrive at Maasvlakte",
        "Night ferry timetable changes",
    ]
    assert [(str(f.path), f.reason) for f in failures] == [
        ("cut.rss#3", "the feed is cut short inside this item: not imported")
    ]


def test_the_import_dialog_and_cli_list_the_feed_and_email_suffixes() -> None:
    assert {".rss", ".atom", ".xml", ".json", ".eml", ".mbox"} <= IMPORTABLE_SUFFIXES


def test_a_thousand_item_feed_reads_in_well_under_five_seconds() -> None:
    data = _feed(range(1000))
    started = time.perf_counter()
    drafts, failures = parse_bytes(data, ".rss", "big.rss")
    assert (len(drafts), failures) == (1000, [])
    assert time.perf_counter() - started < 5


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["<item>", "</item>", "<title>", "</title>", "<guid>", "</guid>", "<![CDATA[",
                 "]]>", "<content:encoded>", "<description>", "&lt;p&gt;", "&amp;", "&x;",
                 "<entry>", "<content type='xhtml'>", "<pubDate>Tue, 99 May 2024</pubDate>"]
            ),
            st.text(max_size=30),
        ),
        max_size=40,
    ),
    st.sampled_from(['<rss version="2.0"><channel>', '<feed xmlns="http://www.w3.org/2005/Atom">',
                     '{"version": "https://jsonfeed.org/version/1", "items": [']),
)  # fmt: skip
def test_any_feed_gives_items_or_one_line_per_problem(pieces: list[str], opening: str) -> None:
    data = (opening + "".join(pieces)).encode("utf-8", "replace")
    try:
        drafts, failures = parse_bytes(data, ".rss", "fuzz.rss")
    except ImportFailed as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    for draft in drafts:
        assert draft.title.strip() and "\n" not in draft.title
        render(draft.body)
    assert all("\n" not in f.reason for f in failures)
