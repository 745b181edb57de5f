"""PDF files (news pages printed to PDF, e-paper pages, reports): one article per file.

Read with pypdfium2 (PDFium, the engine of Chromium's viewer), chosen over pdfminer.six
after measuring both on pages Chromium printed from the HTML benchmark: PDFium was about
thirty times faster and read them as well (docs/benchmarks.md). Text and line positions
come from PDFium; ``pdf_layout`` turns them into paragraphs.

A PDF with no text layer (a scan) is refused: recognising text in images (OCR) is not
something Readmark does. An encrypted PDF that needs a password to open is refused too.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from app.core.errors import ImportFailed
from app.core.importers.dates import find_date
from app.core.importers.doc_blocks import ITEM_MARK, byline_author, whole_characters
from app.core.importers.draft import Draft, has_letters
from app.core.importers.markdown_blocks import Block, one_line, to_markdown
from app.core.importers.pdf_layout import Line, Paragraph, paragraphs, strip_margins
from app.core.importers.pdf_web import article
from app.core.importers.plaintext import infer_title, shorten

# pypdfium2 is imported by the functions that read a PDF, not with this module: every window
# and CLI start imports the importers, and PDFium's bindings cost tens of milliseconds to load
# (the bundle's start-up test checks they stay out).
if TYPE_CHECKING:
    import pypdfium2 as pdfium

# Ten times the longest report a news reader keeps; beyond it a file is a book or a bomb of
# empty pages, and reading it would hold the import for minutes.
MAX_PAGES = 5000
# How many paragraphs above a printed article are searched for its byline and date: a
# sidebar printed between the headline and the article can push them this far up.
HEAD_BEFORE = 12
_INFO_DATE = re.compile(r"^D?:?(\d{4})(\d{2})(\d{2})")


def looks_like_pdf(data: bytes) -> bool:
    """PDF readers accept the header anywhere in the first kilobyte."""
    return b"%PDF-" in data[:1024]


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise ImportFailed(
                name, "an encrypted PDF: it cannot be read without its password"
            ) from None
        raise ImportFailed(name, f"a damaged or truncated PDF ({exc})") from None


def _link_boxes(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """The rectangles (left, bottom, right, top) of the page's link annotations: a browser's
    print keeps every link of the page, which tells menus and teasers from the article."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    boxes: list[tuple[float, float, float, float]] = []
    position = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    rect = pdfium_c.FS_RECTF()
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
        if pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            boxes.append(
                (rect.left, min(rect.bottom, rect.top), rect.right, max(rect.bottom, rect.top))
            )
    return boxes


def _linked_share(
    left: float, right: float, middle: float, boxes: list[tuple[float, float, float, float]]
) -> float:
    """How much of a line's width lies under links crossing its middle height."""
    spans = sorted(
        (max(left, b[0]), min(right, b[2]))
        for b in boxes
        if b[1] <= middle <= b[3] and b[0] < right and b[2] > left
    )
    covered, reached = 0.0, left
    for start, end in spans:
        if end > reached:
            covered += end - max(start, reached)
            reached = end
    return min(1.0, covered / (right - left)) if right > left else (1.0 if spans else 0.0)


def _page_lines(page: pdfium.PdfPage, number: int) -> list[Line]:
    """The page's lines as PDFium splits them, each placed by its first and last character."""
    import pypdfium2.raw as pdfium_c

    boxes = _link_boxes(page)
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range() if count > 0 else ""
        if len(text) != count:  # characters outside the BMP: one index each, two code units
            text = "".join(
                chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 32) for i in range(count)
            )
        lines: list[Line] = []
        start = 0
        for match in re.finditer(r"\r\n|\n|\r|$", text):
            end = match.start()
            chunk = text[start:end]
            first = start + (len(chunk) - len(chunk.lstrip()))
            last = start + len(chunk.rstrip()) - 1
            if chunk.strip():
                left, bottom, _, top = textpage.get_charbox(first, loose=True)
                _, bottom_last, right, top_last = textpage.get_charbox(last, loose=True)
                size = pdfium_c.FPDFText_GetFontSize(textpage, first)
                high, low = max(top, top_last), min(bottom, bottom_last)
                lines.append(
                    Line(
                        whole_characters(chunk),
                        left,
                        right,
                        high,
                        low,
                        size,
                        number,
                        _linked_share(left, right, (high + low) / 2, boxes) if boxes else 0.0,
                    )
                )
            start = match.end()
            if match.end() >= len(text):
                break
        return lines
    finally:
        textpage.close()


def _info(document: pdfium.PdfDocument) -> dict[str, str]:
    import pypdfium2 as pdfium

    try:
        return {
            k: one_line(whole_characters(v))
            for k, v in document.get_metadata_dict(skip_empty=True).items()
        }
    except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
        return {}


def _info_date(value: str) -> dt.date | None:
    match = _INFO_DATE.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _body_size(found: list[Paragraph]) -> float:
    """The font size most of the text is set in."""
    weights: dict[float, int] = {}
    for paragraph in found:
        key = round(paragraph.size, 1)
        weights[key] = weights.get(key, 0) + len(paragraph.text)
    return max(weights, key=lambda k: weights[k]) if weights else 0.0


def _blocks(found: list[Paragraph]) -> list[Block]:
    body = _body_size(found)
    blocks: list[Block] = []
    for p in found:
        if p.size > body * 1.15 and len(p.text.split()) <= 20 and has_letters(p.text):
            blocks.append(Block("subheading", p.text))
        elif ITEM_MARK.match(p.text) and p.text[:1] in "•·▪◦‣":
            blocks.append(Block("item", ITEM_MARK.sub("", p.text, count=1)))
        else:
            blocks.append(Block("paragraph", p.text))
    return blocks


def _title(info: dict[str, str], blocks: list[Block]) -> str:
    """The document's own title, else the first page's largest heading, else the lede."""
    if has_letters(info.get("Title", "")) and not info["Title"].lower().endswith(
        (".doc", ".docx", ".pdf", ".indd", ".qxd")
    ):
        return info["Title"]
    heading = next((b.text for b in blocks[:10] if b.kind == "subheading"), "")
    return heading or infer_title(next((b.text for b in blocks if has_letters(b.text)), ""))


def _author(info: dict[str, str], blocks: list[Block]) -> str | None:
    if has_letters(info.get("Author", "")):
        return info["Author"]
    return next((a for a in (byline_author(b.text) for b in blocks[:15]) if a), None)


def parse_pdf(data: bytes, name: str) -> Draft:
    import pypdfium2 as pdfium

    document = _open(data, name)
    try:
        info = _info(document)
        pages: list[list[Line]] = []
        heights: list[float] = []
        damaged = 0
        if len(document) > MAX_PAGES:
            raise ImportFailed(
                name,
                f"a PDF of {len(document):,} pages: too long to read as one article "
                f"(the limit is {MAX_PAGES:,} pages)",
            )
        for number in range(len(document)):
            try:
                page = document[number]
            except pdfium.PdfiumError:
                damaged += 1
                continue
            try:
                heights.append(page.get_height())
                pages.append(_page_lines(page, len(pages)))
            finally:
                page.close()
    finally:
        document.close()
    if not any(has_letters(line.text) for page in pages for line in page):
        raise ImportFailed(
            name,
            "a PDF with no text layer (a scan or pictures of pages); Readmark does not "
            "recognise text in images (OCR), so there is nothing to import",
        )
    lines, addresses = strip_margins(pages, heights)
    found = paragraphs(lines, browser_print=bool(addresses))
    blocks = _blocks(found)
    # A page printed from a browser keeps its article and drops the site's menus and footers;
    # its head is the few lines above the article, where byline and date sit.
    chosen = article(found) if addresses else list(range(len(found)))
    start = chosen[0] if chosen else 0
    head = blocks[max(0, start - HEAD_BEFORE) : start + 5] if addresses else blocks[:30]
    body_blocks = [blocks[i] for i in chosen]
    title = shorten(_title(info, body_blocks if addresses else blocks), 300) or name
    author = _author(info, head)
    kept = [
        b
        for b in body_blocks
        if not (b.kind == "subheading" and b.text == title)
        and not (author and byline_author(b.text) == author)
    ]
    body = to_markdown(kept)
    if not has_letters(body):
        raise ImportFailed(name, "no article text in this PDF")
    date = find_date(" ".join(b.text for b in head))
    if date is None and not addresses:  # a browser's print date is not the article's
        date = _info_date(info.get("CreationDate", ""))
    return Draft(
        title=title,
        body=body,
        author=author,
        date=date,
        url=addresses[0] if addresses and not addresses[0].startswith("file:") else None,
        imported_from=name,
        warnings=[f"{damaged} damaged page(s) could not be read and were left out"]
        if damaged
        else [],
    )


def parse(data: bytes, name: str) -> list[Draft]:
    return [parse_pdf(data, name)]
