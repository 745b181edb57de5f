"""Word documents (.docx) and OpenDocument text (.odt): one article per document.

Both are zip files of XML, read here through ``safe_zip`` (bounded decompression, no XML
entities) rather than python-docx or odfpy: the text, the paragraph styles and the core
properties are all that an article needs, and a small reader of ``word/document.xml`` and
``content.xml`` brings in no parser we would have to harden as well.

Headings become subheadings (the document's title, when set as one, becomes the title),
list paragraphs list items, quotation styles block quotes, tables pipe tables; footnotes,
comments, headers and footers are not part of the article and stay out.
"""

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from app.core.errors import ImportFailed
from app.core.importers.doc_blocks import (
    Part,
    Properties,
    Quote,
    Table,
    document_draft,
    keyword_tags,
    property_date,
)
from app.core.importers.draft import Draft
from app.core.importers.markdown_blocks import Block, one_line
from app.core.importers.nexis_uni import split_download
from app.core.importers.records import Result
from app.core.importers.safe_zip import SafeZip, local

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"^(?:heading|überschrift|titre|titolo|título|kop)\s*(\d)$", re.I)
_QUOTE = re.compile(r"quot|zitat|citation|cita", re.I)
_DATE_KEYS = ("created", "creation-date", "dcterms.created", "date")
_LIST = re.compile(r"list|bullet|aufzählung|liste", re.I)


def _core_properties(archive: SafeZip, member: str) -> Properties:
    """Title, author, date and keywords from docProps/core.xml or meta.xml, when present."""
    if not archive.has(member):
        return Properties()
    values: dict[str, str] = {}
    keywords: list[str] = []
    for element in archive.xml(member).iter():
        name = local(element.tag)
        if name == "user-defined":  # custom properties, such as a "dcterms.created" date
            name = next((v for k, v in element.attrib.items() if local(k) == "name"), "")
        if element.text and element.text.strip():
            values.setdefault(name.lower(), one_line(element.text))
            if name in ("keyword", "keywords"):
                keywords += keyword_tags(element.text)
    author = values.get("creator") or values.get("initial-creator") or ""
    date = next((values[k] for k in _DATE_KEYS if values.get(k)), "")
    return Properties(
        title=values.get("title", ""),
        author=author,
        date=property_date(date),
        description=values.get("description", ""),
        keywords=keywords,
    )


# --- .docx ------------------------------------------------------------------------------


def _docx_styles(archive: SafeZip) -> dict[str, str]:
    """Style id to style name: ids are often localised ("berschrift1"), names are not."""
    if not archive.has("word/styles.xml"):
        return {}
    names: dict[str, str] = {}
    for style in archive.xml("word/styles.xml").iter(f"{W}style"):
        name = style.find(f"{W}name")
        style_id = style.get(f"{W}styleId")
        if style_id and name is not None:
            names[style_id] = name.get(f"{W}val", style_id)
    return names


def _docx_text(element: Element) -> str:
    pieces: list[str] = []
    for node in element.iter():
        tag = local(node.tag)
        if tag == "t" and node.text:
            pieces.append(node.text)
        elif tag in ("tab", "br", "cr"):
            pieces.append(" ")
        elif tag == "noBreakHyphen":
            pieces.append("-")
    return one_line("".join(pieces))


def _docx_paragraph(paragraph: Element, styles: dict[str, str]) -> Part | None:
    text = _docx_text(paragraph)
    if not text:
        return None
    properties = paragraph.find(f"{W}pPr")
    style = ""
    listed = False
    if properties is not None:
        style_element = properties.find(f"{W}pStyle")
        if style_element is not None:
            style_id = style_element.get(f"{W}val", "")
            style = styles.get(style_id, style_id)
        listed = properties.find(f"{W}numPr") is not None
    if style.lower() in ("title", "titel") or _HEADING.match(style):
        return Block("subheading", text)
    if _QUOTE.search(style):
        return Quote(text)
    if listed or _LIST.search(style):
        return Block("item", text)
    return Block("paragraph", text)


def _docx_parts(body: Element, styles: dict[str, str]) -> Iterator[Part]:
    for child in body:
        tag = local(child.tag)
        if tag == "p":
            part = _docx_paragraph(child, styles)
            if part is not None:
                yield part
        elif tag == "tbl":
            rows = tuple(
                tuple(_docx_text(cell) for cell in row.findall(f"{W}tc"))
                for row in child.findall(f"{W}tr")
            )
            yield Table(tuple(r for r in rows if r))
        elif tag == "sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _docx_parts(content, styles)


def parse_docx(archive: SafeZip, name: str) -> Result:
    """One article, or one per document of a Nexis Uni download (``nexis_uni``)."""
    document = archive.xml("word/document.xml")
    body = document.find(f"{W}body")
    if body is None:
        raise ImportFailed(name, "a damaged Word document: word/document.xml has no body")
    parts = list(_docx_parts(body, _docx_styles(archive)))
    download = split_download(parts, name)
    if download is not None:
        return download
    return [
        document_draft(parts, _core_properties(archive, "docProps/core.xml"), name, "Word document")
    ], []


# --- .odt -------------------------------------------------------------------------------

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"


def _odt_text(element: Element) -> str:
    """The words of a paragraph: spans and links kept, notes left out."""
    pieces: list[str] = [element.text or ""]
    for child in element:
        tag = local(child.tag)
        if tag == "s":
            pieces.append(" " * min(int(child.get(f"{TEXT}c", "1") or 1), 100))
        elif tag in ("tab", "line-break"):
            pieces.append(" ")
        elif tag not in ("note", "annotation", "bookmark-ref"):
            pieces.append(_odt_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _odt_styles(root: Element) -> dict[str, str]:
    """Automatic style name to the named style it derives from ("P1" to "Quotations")."""
    parents: dict[str, str] = {}
    for style in root.iter(f"{STYLE}style"):
        style_name = style.get(f"{STYLE}name")
        if style_name:
            parents[style_name] = style.get(f"{STYLE}parent-style-name") or ""
    return parents


def _style_chain(parents: dict[str, str], name: str) -> list[str]:
    """A style and those it derives from, readable ("Heading_20_1" is "Heading 1")."""
    chain: list[str] = []
    while name and name not in chain and len(chain) < 8:
        chain.append(name)
        name = parents.get(name, "")
    return [n.replace("_20_", " ") for n in chain]


def _odt_parts(container: Element, styles: dict[str, str], in_list: bool = False) -> Iterator[Part]:
    for child in container:
        tag = local(child.tag)
        if tag == "h":
            text = one_line(_odt_text(child))
            if text:
                yield Block("subheading", text)
        elif tag == "p":
            text = one_line(_odt_text(child))
            chain = _style_chain(styles, child.get(f"{TEXT}style-name", ""))
            if not text:
                continue
            if any(s.lower() == "title" or _HEADING.match(s) for s in chain):
                yield Block("subheading", text)
            elif any(_QUOTE.search(s) for s in chain):
                yield Quote(text)
            else:
                yield Block("item" if in_list else "paragraph", text)
        elif tag in ("list", "list-item", "list-header"):
            yield from _odt_parts(child, styles, in_list=True)
        elif tag in ("section", "div", "table-header-rows", "table-row-group"):
            yield from _odt_parts(child, styles, in_list)
        elif tag == "table":
            rows = tuple(
                tuple(one_line(_odt_text(cell)) for cell in row if local(cell.tag) == "table-cell")
                for row in child.iter()
                if local(row.tag) == "table-row"
            )
            yield Table(tuple(r for r in rows if r))


def parse_odt(archive: SafeZip, name: str) -> Draft:
    root = archive.xml("content.xml")
    text = next((e for e in root.iter() if local(e.tag) == "text"), None)
    if text is None:
        raise ImportFailed(name, "not an OpenDocument text (content.xml has no text)")
    styles = _odt_styles(archive.xml("styles.xml")) if archive.has("styles.xml") else {}
    styles.update(_odt_styles(root))
    return document_draft(
        list(_odt_parts(text, styles)),
        _core_properties(archive, "meta.xml"),
        name,
        "OpenDocument text",
    )
