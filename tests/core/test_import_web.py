"""Web pages and saved-page formats (issue 15): field by field on real pages, each saved-page
format on a sample laid out as its tool writes it (tests/samples/html/make_saved_pages.py),
hostile variants, a bounded run of the shared benchmark, and no network use at all."""

import datetime as dt
import gzip
import http.server
import socket
import threading
import time
from pathlib import Path

import pytest

from app.core.errors import ImportFailed
from app.core.importers import import_paths
from app.core.importers.detect import parse_bytes
from app.core.importers.draft import Draft
from app.core.render import render
from app.core.workspace import Workspace
from tests.conftest import require_shared
from tests.samples.html.make_saved_pages import URL
from tests.web_scoring import body_scores, load_pages, metadata_scores, scorer

SAMPLES = Path(__file__).parents[1] / "samples" / "html"
BENCHMARK = Path(__file__).parents[3] / "shared" / "html-benchmark"
QUICK_PAGES = 15


def _read(name: str, data: bytes | None = None) -> tuple[list[Draft], list[ImportFailed]]:
    path = SAMPLES / name
    raw = path.read_bytes() if data is None else data
    return parse_bytes(raw, "".join(path.suffixes[-1:]), name)


def _assert_europa(draft: Draft) -> None:
    assert draft.title == (
        "NASA Just Confirmed There Are Water Plumes Above The Surface of Jupiter's Moon Europa"
    )
    assert draft.author is not None and "Victor Tangermann" in draft.author
    assert draft.date == dt.date(2019, 11, 18)
    assert draft.source == "ScienceAlert"
    assert draft.url == URL
    text = render(draft.body).text
    assert text.startswith("A team led by researchers out of NASA's Goddard Space Flight Center")
    assert "water vapor" in text
    for furniture in ("Subscribe", "Privacy Policy", "Follow Us"):
        assert furniture not in text


def test_a_saved_news_page_field_by_field() -> None:
    drafts, failures = _read("sciencealert-europa.html")
    assert failures == [] and len(drafts) == 1
    _assert_europa(drafts[0])


def test_mhtml_from_a_browser_reads_its_html_part_in_its_charset() -> None:
    drafts, failures = _read("europa.mhtml")
    assert failures == [] and len(drafts) == 1
    _assert_europa(drafts[0])
    assert "Ã" not in drafts[0].body  # windows-1252 quoted-printable decoded, not mojibake


def test_warc_gives_one_article_per_html_response() -> None:
    drafts, failures = _read("europa.warc.gz")
    assert failures == []
    assert [d.url for d in drafts] == [URL, "https://letters.example/harbour"]
    _assert_europa(drafts[0])
    undated = drafts[1]
    assert undated.title == "Letters: the harbour plan"
    assert undated.date == dt.date(2019, 11, 21)  # the capture date, said in a warning
    assert any("states no date" in w for w in undated.warnings)
    assert "Moved" not in "".join(d.body for d in drafts)  # the redirect is no article


def test_uncompressed_warc_reads_the_same() -> None:
    data = gzip.decompress((SAMPLES / "europa.warc.gz").read_bytes())
    drafts, _ = parse_bytes(data, ".warc", "europa.warc")
    assert [d.title for d in drafts][1] == "Letters: the harbour plan"


def test_a_damaged_warc_keeps_the_records_before_the_damage() -> None:
    raw = gzip.decompress((SAMPLES / "europa.warc.gz").read_bytes())
    cut = raw[: raw.index(b"letters.example") + 400]  # inside the last page's record
    drafts, failures = parse_bytes(cut + b"\r\nWARC/1.0\r\ngarbage", ".warc", "cut.warc")
    assert drafts and drafts[0].url == URL
    assert failures and all("\n" not in f.reason for f in failures)


def test_a_wrong_record_length_is_one_report_line(capfd: pytest.CaptureFixture[str]) -> None:
    record = gzip.decompress((SAMPLES / "europa.warc.gz").read_bytes())
    wrong = record[:-4] + b"extra bytes after the last record\r\n\r\n"
    drafts, failures = parse_bytes(wrong, ".warc", "wrong.warc")
    assert len(drafts) == 2
    assert [f.reason for f in failures] == [
        "a record's declared length is wrong; the others were read"
    ]
    assert capfd.readouterr().err == ""


def test_singlefile_page_keeps_no_inlined_resource_and_may_be_large(tmp_path: Path) -> None:
    page = (SAMPLES / "europa-singlefile.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page
    drafts, _ = _read("europa-singlefile.html")
    _assert_europa(drafts[0])
    assert "base64" not in drafts[0].body and "data:" not in drafts[0].body
    # Pictures inlined make a SingleFile page larger than the 5 MB of a plain page.
    big = page.replace("</body>", f"<img src='data:image/png;base64,{'A' * 6_000_000}'></body>")
    (tmp_path / "big.html").write_text(big, encoding="utf-8")
    report = import_paths(Workspace(tmp_path / "lib", tmp_path / "data"), [tmp_path / "big.html"])
    assert len(report.imported) == 1 and report.failed == []


def test_save_page_as_complete_imports_the_page_not_its_files_folder(tmp_path: Path) -> None:
    report = import_paths(Workspace(tmp_path / "lib", tmp_path / "data"), [SAMPLES / "saved"])
    assert [Path(a.source).name for a in report.imported] == ["europa.html"]
    assert report.failed == []
    assert SAMPLES / "saved" / "europa_files" in report.ignored


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.mhtml", b"", "empty"),
        ("binary.mhtml", bytes(range(256)) * 40, "not an MHTML"),
        ("binary.warc", b"\x00\x01\x02garbage" * 500, "not a WARC"),
        ("empty.warc", b"WARC/1.0\r\n\r\n", "web archive"),
        ("truncated.warc.gz", (SAMPLES / "europa.warc.gz").read_bytes()[:3000], "damaged"),
        (
            "nohtml.mhtml",
            b"From: <Saved by Blink>\nContent-Type: multipart/related; "
            b"boundary=b\n\n--b\nContent-Type: image/png\n\nxx\n--b--\n",
            "no HTML page",
        ),
    ],
)
def test_bad_saved_pages_fail_in_one_line_naming_the_file(
    name: str, data: bytes, words: str
) -> None:
    try:
        drafts, failures = parse_bytes(data, Path(name).suffix, name)
    except ImportFailed as exc:
        assert words in exc.reason and str(exc.path).startswith(name) and "\n" not in exc.reason
        return
    assert not drafts and failures
    assert any(words in f.reason for f in failures)


def _warc_response(uri: str, content_type: str, body: bytes) -> bytes:
    """One WARC 1.0 response record, written out as the specification lays it."""
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    header = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
        "WARC-Date: 2024-05-14T07:05:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return header.encode() + http + b"\r\n\r\n"


def test_a_large_warc_of_pictures_is_passed_over_quickly() -> None:
    """50 MB of non-HTML records: read through, nothing kept, one clear line."""
    block = b"\x89PNG" + bytes(5_000_000)
    data = b"".join(
        _warc_response(f"https://x.example/{n}.png", "image/png", block) for n in range(10)
    )
    started = time.perf_counter()
    with pytest.raises(ImportFailed, match="no HTML pages"):
        parse_bytes(data, ".warc", "pictures.warc")
    assert time.perf_counter() - started < 5


def test_a_deeply_nested_page_and_broken_encodings_still_give_an_article() -> None:
    nested = "<div>" * 10_000 + "<p>Deep text of the story, told at length.</p>" + "</div>" * 10_000
    page = f"<html><head><title>Deep</title></head><body>{nested}</body></html>"
    drafts, _ = parse_bytes(page.encode(), ".html", "deep.html")
    assert "Deep text" in render(drafts[0].body).text
    broken = (SAMPLES / "sciencealert-europa.html").read_bytes().replace(b"NASA", b"NA\xff\xfeSA")
    drafts, _ = parse_bytes(broken, ".html", "broken.html")
    assert drafts[0].date == dt.date(2019, 11, 18)


def test_metadata_rules_measured_causes() -> None:
    """The causes the issue found: ISO dates with a T, JSON-LD, body class author-..., a
    section name as og:title, an escaped entity in a title, the publisher as author meta."""
    page = (
        "<html><head><title>Pound falls to &amp;#163;1 - The Daily</title>"
        '<meta property="og:title" content="Business">'
        '<meta property="og:site_name" content="The Daily">'
        '<meta name="author" content="Daily Media Group">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Pound falls to £1", "datePublished": "2019-01-03T07:00:02Z", '
        '"author": {"@type": "Person", "name": "Ann Reporter"}}</script></head>'
        '<body class="author-4326"><nav>Home News Sport</nav><article>'
        "<h1>Pound falls to £1</h1>"
        + "".join(
            f"<p>Sentence {n} of the report on the currency's long fall.</p>" for n in range(8)
        )
        + '<p style="display:none">Hidden tracking text</p></article></body></html>'
    )
    drafts, _ = parse_bytes(page.encode(), ".html", "pound.html")
    draft = drafts[0]
    assert draft.title == "Pound falls to £1"
    assert draft.date == dt.date(2019, 1, 3)
    assert draft.author == "Ann Reporter"
    assert draft.source == "The Daily"
    text = render(draft.body).text
    assert "Sentence 7" in text and "Home News Sport" not in text and "Hidden" not in text


def test_no_network_is_touched_by_pages_with_remote_resources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    page = (
        f'<html><head><link rel="stylesheet" href="{base}/s.css"><script src="{base}/a.js">'
        f'</script><link rel="canonical" href="{base}/story"><meta property="og:image" '
        f'content="{base}/og.png"></head><body><iframe src="{base}/frame"></iframe><article>'
        f'<h1>Remote</h1><img src="{base}/p.png">'
        + "".join(f"<p>Paragraph {n} of a story with pictures elsewhere.</p>" for n in range(8))
        + f'<a href="{base}/more">more</a></article></body></html>'
    )
    connects: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        connects.append(args)
        raise AssertionError("the importer opened a network connection")

    try:
        monkeypatch.setattr(socket.socket, "connect", refuse)
        monkeypatch.setattr(socket, "create_connection", refuse)
        for name, data in [("remote.html", page.encode()), *_saved_formats(page)]:
            drafts, _ = parse_bytes(data, Path(name).suffix, name)
            assert "Paragraph 7" in render(drafts[0].body).text
    finally:
        monkeypatch.undo()
        server.shutdown()
        server.server_close()
    assert connects == [] and requests == []


def _saved_formats(page: str) -> list[tuple[str, bytes]]:
    mhtml = (
        "From: <Saved by Blink>\nSnapshot-Content-Location: http://127.0.0.1/story\n"
        "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\n"
        f"Content-Type: text/html; charset=utf-8\n\n{page}\n--b--\n"
    )
    warc = gzip.compress(_warc_response("http://127.0.0.1/story", "text/html", page.encode()))
    return [("remote.mhtml", mhtml.encode()), ("remote.warc.gz", warc)]


def test_benchmark_pages_quick_floor() -> None:
    """The first pages of the shared benchmark: body F1 and metadata floors (the full run
    is ``make bench ARGS=web``, tests/perf/bench_web.py)."""
    benchmark = require_shared(BENCHMARK)
    evaluate = scorer(benchmark)
    pairs = []
    for key, (raw, truth, _url) in load_pages(benchmark, QUICK_PAGES).items():
        drafts, _ = parse_bytes(raw, ".html", key)
        pairs.append((truth, render(drafts[0].body).text))
    assert body_scores(evaluate, pairs)["f1"] >= 0.90


def test_metadata_table_floor() -> None:
    benchmark = require_shared(BENCHMARK)

    def read(raw: bytes, url: str) -> dict[str, str | None]:
        draft = parse_bytes(raw, ".html", "page.html")[0][0]
        return {
            "title": draft.title,
            "author": draft.author,
            "date": draft.date.isoformat() if draft.date else None,
            "site": draft.source,
        }

    shares = metadata_scores(read, benchmark)["shares"]
    assert shares["title"] >= 0.9 and shares["author"] >= 0.9 and shares["date"] >= 0.9
    assert shares["site"] >= 0.9
