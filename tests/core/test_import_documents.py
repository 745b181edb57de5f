"""PDF, EPUB, Word, OpenDocument and RTF (issue 16): real samples field by field, and every
hostile document (zip bomb, XXE, billion laughs, truncated, encrypted, scanned, wrong
extension) is one report line while the other files import.

Samples in ``tests/samples``: ``office/harbour.*`` and ``pdf/harbour*.pdf`` were made by
LibreOffice from one HTML article, ``epub/harbour-pandoc.epub`` by pandoc from it,
``epub/digest-pandoc.epub`` by pandoc from the Markdown beside it, and
``pdf/printed-web-page.pdf`` by headless Chromium printing a page of the HTML benchmark, and
``pdf/two-columns-hyphenated.pdf`` by Chromium printing a two-column page whose paragraphs
(``.txt`` beside it, one a line) contain soft hyphens.
"""

import datetime as dt
import io
import shutil
import time
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import ImportFailed
from app.core.importers import ImportReport, import_paths
from app.core.importers.detect import IMPORTABLE_SUFFIXES, parse_bytes
from app.core.importers.documents import OLE_MAGIC
from app.core.importers.pdf import MAX_PAGES
from app.core.library import read_article_file
from app.core.render import render
from app.core.workspace import Workspace
from tests.document_samples import (
    ARTICLES,
    BILLION_LAUGHS_XML,
    SAMPLES,
    docx_with,
    epub_zip,
    image_only_pdf,
    periodical_epub,
    xxe_xml,
    zip_bomb_docx,
)

HARBOUR_PARAGRAPHS = (
    "The first of twelve electric cranes arrived at the Maasvlakte terminal on Tuesday, "
    "ending a two-year wait for the port's largest operator.",
    "Dockworkers said the new cranes were markedly quieter than the diesel machines they "
    "replace, and that night shifts would be easier on nearby residents.",
    "The operator expects all twelve cranes to be working by the end of the year.",
)
GOOD = "Markets rallied on Monday.\n\nTraders said the mood had turned after weeks of losses.\n"


def _import(tmp_path: Path, *paths: Path) -> tuple[ImportReport, Workspace]:
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    return import_paths(workspace, list(paths)), workspace


def _copy(tmp_path: Path, sample: str, name: str | None = None) -> Path:
    target = tmp_path / "inputs" / (name or Path(sample).name)
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(SAMPLES / sample, target)
    return target


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    target = tmp_path / "inputs" / name
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(data)
    return target


def test_the_import_dialog_and_folder_walk_list_the_document_formats() -> None:
    assert {".pdf", ".epub", ".docx", ".odt", ".rtf"} <= IMPORTABLE_SUFFIXES


@pytest.mark.parametrize(
    "sample", ["office/harbour.docx", "office/harbour.odt", "office/harbour.rtf"]
)
def test_word_processor_samples_field_by_field(tmp_path: Path, sample: str) -> None:
    report, workspace = _import(tmp_path, _copy(tmp_path, sample))
    assert report.ok and len(report.imported) == 1, report.failed
    article = workspace.library.get(report.imported[0].id)
    assert article.title == "Harbour cranes return to Rotterdam"
    assert article.author == "Anna de Vries"
    assert article.date == dt.date(2024, 5, 14)
    assert article.imported_from == Path(sample).name
    # Keywords become tags (LibreOffice writes them space-separated into a .docx).
    assert article.tags == (
        ["ports shipping"] if sample.endswith(".docx") else ["ports", "shipping"]
    )
    body = article.body
    for paragraph in HARBOUR_PARAGRAPHS:
        assert f"\n{paragraph}\n" in f"\n{body}"
    assert "\n## A quieter quay\n" in body
    assert "- Twelve cranes in total\n- Each lifts 65 tonnes\n- Fully electric\n" in body
    assert "> We have waited a long time for this" in body
    assert "| Maasvlakte | 8 |" in body and "| --- | --- |" in body
    assert "<table>" in render(body).html
    assert "Harbour cranes return to Rotterdam" not in body  # the title is not repeated


def test_pandoc_epub_is_one_article(tmp_path: Path) -> None:
    report, workspace = _import(tmp_path, _copy(tmp_path, "epub/harbour-pandoc.epub"))
    assert report.ok and len(report.imported) == 1, report.failed
    article = workspace.library.get(report.imported[0].id)
    assert (article.title, article.author, article.source) == (
        "Harbour cranes return to Rotterdam",
        "Anna de Vries",
        "Port Gazette",
    )
    assert article.date == dt.date(2024, 5, 14)
    for paragraph in HARBOUR_PARAGRAPHS:
        assert paragraph in article.body
    assert "Port Gazette" not in article.body  # pandoc's title page is metadata, not text


def test_calibre_periodical_gives_one_article_per_news_item(tmp_path: Path) -> None:
    path = _write(tmp_path, "daily-wire.epub", periodical_epub())
    report, workspace = _import(tmp_path, path)
    assert report.ok and len(report.imported) == len(ARTICLES), report.failed
    for imported, (section, title, author, date, description, url) in zip(
        report.imported, ARTICLES, strict=True
    ):
        article = workspace.library.get(imported.id)
        assert (article.title, article.author, article.source, article.url) == (
            title, author, "Daily Wire", url
        )  # fmt: skip
        assert article.date == dt.datetime.strptime(date, "%a, %d %b %Y").date()
        assert article.tags == [section]
        assert article.extra["description"] == description
        assert "downloaded by" not in article.body and "Section menu" not in article.body
        assert article.body.startswith("Paragraph one of article")
    assert [i.source for i in report.imported] == [f"{path}#{n}" for n in (1, 2, 3)]


def test_pandoc_newspaper_gives_one_article_per_page(tmp_path: Path) -> None:
    """``pandoc digest-pandoc.md -o digest-pandoc.epub``: an issue typed ``newspaper``, one
    XHTML page per article, each opening with its byline."""
    report, workspace = _import(tmp_path, _copy(tmp_path, "epub/digest-pandoc.epub"))
    assert report.ok, report.failed
    articles = [workspace.library.get(i.id) for i in report.imported]
    assert [(a.title, a.author) for a in articles] == [
        ("Floods close the Rhine to barges", "Maria Keller"),
        ("Harbour cranes return to Rotterdam", "Anna de Vries"),
        ("Grain prices ease after harvest", "Tom Okafor"),
    ]
    for article in articles:
        assert (article.source, article.date) == ("Harbour Press", dt.date(2024, 5, 17))
        assert not article.body.startswith("By ")
    assert articles[2].body == (
        "Wheat futures fell for a third day on Thursday as early harvest reports from the "
        "Black Sea region came in better than expected.\n"
    )


def test_a_hostile_periodical_page_cannot_stall_the_import() -> None:
    """Thousands of unclosed navigation bars would make a scan to the closing tag quadratic."""
    data = periodical_epub('<div class="calibre_navbar">x ' * 30_000)
    started = time.perf_counter()
    drafts, failures = parse_bytes(data, ".epub", "hostile.epub")
    assert time.perf_counter() - started < 30  # linear: about a second; quadratic: minutes
    assert len(drafts) == len(ARTICLES) and not failures


def test_pdf_from_a_word_processor(tmp_path: Path) -> None:
    report, workspace = _import(tmp_path, _copy(tmp_path, "pdf/harbour.pdf"))
    assert report.ok, report.failed
    article = workspace.library.get(report.imported[0].id)
    assert (article.title, article.author) == (
        "Harbour cranes return to Rotterdam",
        "Anna de Vries",
    )
    for paragraph in HARBOUR_PARAGRAPHS:
        assert f"\n{paragraph}\n" in f"\n{article.body}"
    assert "- Each lifts 65 tonnes" in article.body


def test_pdf_printed_by_a_browser_keeps_the_article_and_drops_the_print_stamp(
    tmp_path: Path,
) -> None:
    report, workspace = _import(tmp_path, _copy(tmp_path, "pdf/printed-web-page.pdf"))
    assert report.ok, report.failed
    article = workspace.library.get(report.imported[0].id)
    assert (
        article.title
        == "New York State Attorney General reportedly investigating WeWork – TechCrunch"
    )
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("WeWork is reportedly being investigated by the New York")
    # Chromium's header (date, time, title) and footer (address, "1/2") are gone.
    assert "file:///" not in article.body and "PM New York" not in article.body
    # A paragraph broken across lines reads as one.
    assert any(
        p.startswith("WeWork’s parent company") and p.endswith("back to the company.")
        for p in paragraphs
    )
    assert "major cost-cutting measures, including layoffs at Meetup" in article.body


def test_two_columns_over_two_pages_with_hyphenated_words_read_in_order(tmp_path: Path) -> None:
    """Chromium's print of a two-column page whose words break at soft hyphens: the 14
    paragraphs come back whole and in order, across the column and the page breaks."""
    report, workspace = _import(tmp_path, _copy(tmp_path, "pdf/two-columns-hyphenated.pdf"))
    assert report.ok, report.failed
    article = workspace.library.get(report.imported[0].id)
    assert (article.title, article.author) == ("Bridge works go on through winter", "Maria Keller")
    expected = (SAMPLES / "pdf" / "two-columns-hyphenated.txt").read_text().split("\n")
    assert article.body.strip().split("\n\n") == expected


def test_hyphenation_columns_and_running_heads() -> None:
    from app.core.importers.pdf_layout import Line, paragraphs, strip_margins

    def line(text: str, left: float, top: float, page: int = 0) -> Line:
        return Line(text, left, left + 200, top, top - 10, 10.0, page)

    pages = [
        [
            line("The Daily Record", 50, 790),
            line("Officials said the reconstruc-", 50, 700),
            line("tion of the bridge would last", 50, 688),
            line("two years.", 50, 676),
            line("A second paragraph starts", 300, 700),  # the next column, back at the top
            line("here and ends here.", 300, 688),
            line("3", 300, 20),
        ],
        [line("The Daily Record", 50, 790), line("Page 4", 300, 20)],
    ]
    # A glyph without width (a combining mark set alone) is a line too, not a crash.
    assert [p.text for p in paragraphs([Line("x", 5.0, 5.0, 100.0, 90.0, 10.0, 0)])] == ["x"]
    kept, addresses = strip_margins(pages, [800.0, 800.0])
    assert addresses == []
    texts = [p.text for p in paragraphs(kept)]
    assert texts == [
        "Officials said the reconstruction of the bridge would last two years.",
        "A second paragraph starts here and ends here.",
    ]


def test_a_printed_page_keeps_its_article_not_the_menus_teasers_or_cookie_banner() -> None:
    from app.core.importers.pdf_layout import Paragraph
    from app.core.importers.pdf_web import article

    prose = "The council voted on Tuesday to close the old bridge to lorries, officials said."
    teaser = "Markets fell sharply on Monday as investors weighed the latest figures from abroad."
    banner = "This website uses cookies to improve your experience while you navigate the site."
    texts = [
        "Home News Sport Weather", "Bridge closed to lorries", prose, prose,
        "1) Lorries must use the ring road", prose, prose,
        "© 2024 The Gazette. All rights reserved.", teaser, teaser, banner, banner, banner,
    ]  # fmt: skip
    found = [Paragraph(t, 10.0) for t in texts]
    # The footer ends the article: without it the teasers would join the run.
    assert article(found) == [2, 3, 4, 5, 6]
    assert article([p for p in found if "©" not in p.text]) == [2, 3, 4, 5, 6, 7, 8]


def _reason(report: ImportReport, name: str) -> str:
    found = [f for f in report.failed if Path(f.source).name == name]
    assert len(found) == 1, report.failed
    assert name in str(found[0]) and "\n" not in str(found[0])
    return found[0].reason


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photos/readme.txt", "holiday pictures")
    return out.getvalue()


def _drm_epub() -> bytes:
    page = "<html><body><p>" + "\x93\x07" * 40 + "</p></body></html>"
    return epub_zip(
        {
            "META-INF/encryption.xml": '<encryption xmlns="urn:oasis:names:tc:opendocument:'
            'xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
            '<enc:CipherData><enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData>'
            "</enc:EncryptedData></encryption>",
            "OEBPS/ch1.xhtml": page,
            "OEBPS/content.opf": '<package xmlns="http://www.idpf.org/2007/opf"><manifest>'
            '<item id="c" href="ch1.xhtml" media-type="application/xhtml+xml"/></manifest>'
            '<spine><itemref idref="c"/></spine></package>',
        },
        "OEBPS/content.opf",
    )


HOSTILE = {
    "bomb.docx": (lambda _: zip_bomb_docx(250), "zip bomb"),
    "small-bomb.epub": (lambda _: zip_bomb_docx(3), "zip bomb"),
    "laughs.docx": (lambda _: docx_with(BILLION_LAUGHS_XML), "declares XML entities"),
    "xxe.docx": (lambda secret: docx_with(xxe_xml(secret)), "declares XML entities"),
    "truncated.docx": (
        lambda _: (SAMPLES / "office/harbour.docx").read_bytes()[:4000],
        "damaged or truncated",
    ),
    "truncated.pdf": (lambda _: (SAMPLES / "pdf/harbour.pdf").read_bytes()[:5000], "PDF"),
    "encrypted.pdf": (lambda _: (SAMPLES / "pdf/harbour-encrypted.pdf").read_bytes(), "encrypted"),
    "scan.pdf": (lambda _: image_only_pdf(), "no text layer"),
    "empty.epub": (lambda _: b"", "empty file"),
    "noise.docx": (lambda _: bytes(range(256)) * 20, "named .docx but not a Word document"),
    "archive.odt": (lambda _: _plain_zip(), "a zip archive, not a Word"),
    "locked.docx": (lambda _: OLE_MAGIC + bytes(2000), "password-protected Office document"),
    "drm.epub": (lambda _: _drm_epub(), "locked with DRM"),
}


def test_every_hostile_document_is_one_line_and_the_rest_imports(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-9931")
    paths = [_write(tmp_path, name, build(secret)) for name, (build, _) in HOSTILE.items()]
    good = _write(tmp_path, "good.txt", GOOD.encode())
    renamed = _copy(tmp_path, "office/harbour.odt", "harbour-really-odt.pdf")
    report, workspace = _import(tmp_path, *paths, good, renamed)
    for name, (_, reason) in HOSTILE.items():
        assert reason in _reason(report, name), name
    assert "OCR" in _reason(report, "scan.pdf")
    assert len(report.failed) == len(HOSTILE)
    assert sorted(Path(i.source).name for i in report.imported) == [
        "good.txt", "harbour-really-odt.pdf"
    ]  # fmt: skip
    for path in workspace.library_dir.glob("*.md"):
        article = read_article_file(path)
        assert "CANARY" not in article.body and "lol" not in article.body
    assert not list(workspace.library_dir.glob("*.tmp"))


def test_oversized_documents_are_refused_before_reading(tmp_path: Path) -> None:
    """A 250 MB PDF (sparse: nothing is written) is refused by its size; a small PDF of
    5,001 empty pages by its page count."""
    huge = _write(tmp_path, "huge.pdf", b"%PDF-1.7\n")
    with open(huge, "r+b") as handle:
        handle.truncate(250 * 1024 * 1024)
    document = pdfium.PdfDocument.new()
    for _ in range(MAX_PAGES + 1):
        document.new_page(100, 100)
    pages = tmp_path / "inputs" / "pages.pdf"
    document.save(pages)
    report, _ = _import(tmp_path, huge, pages)
    assert "too large" in _reason(report, "huge.pdf") and "200.0 MB" in _reason(report, "huge.pdf")
    assert "5,001 pages" in _reason(report, "pages.pdf")


def test_halves_of_characters_become_replacement_characters(tmp_path: Path) -> None:
    """An RTF ``\\u`` escape naming half a surrogate pair (found by fuzzing a PDF text
    layer) would make an article no file can store; it becomes U+FFFD and the file imports."""
    rtf = b"{\\rtf1\\ansi {\\info{\\title Half \\u-10000? a}}Text \\u-10000? here.\\par}"
    report, workspace = _import(tmp_path, _write(tmp_path, "halves.rtf", rtf))
    assert report.ok, report.failed
    article = workspace.library.get(report.imported[0].id)
    assert (article.title, article.body) == ("Half \ufffd a", "Text \ufffd here.\n")


def test_a_pdf_named_txt_is_read_as_a_pdf(tmp_path: Path) -> None:
    drafts, _ = parse_bytes((SAMPLES / "pdf/harbour.pdf").read_bytes(), ".txt", "harbour.txt")
    assert drafts[0].author == "Anna de Vries"


SAMPLE_FILES = sorted(
    p for folder in ("pdf", "epub", "office") for p in (SAMPLES / folder).iterdir()
    if p.suffix in (".pdf", ".epub", ".docx", ".odt", ".rtf")
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(SAMPLE_FILES),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.binary(max_size=16), st.integers(0, 64)), max_size=6
    ),
)
def test_mutated_real_documents_give_articles_or_one_failure_line(
    sample: Path, edits: list[tuple[int, bytes, int]]
) -> None:
    """Each sample with bytes replaced, cut or inserted (a damaged download, a bad disk)."""
    data = bytearray(sample.read_bytes())
    for at, inserted, cut in edits:
        at %= len(data) + 1
        data[at : at + cut] = inserted
    try:
        drafts, failures = parse_bytes(bytes(data), sample.suffix, sample.name)
    except ImportFailed as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert all("\n" not in f.reason for f in failures)
    for draft in drafts:
        assert draft.title.strip() and "\n" not in draft.title
        render(draft.body)
