"""EPUB: one article for a single long piece, one article per news item for a periodical.

Read as a zip with its OPF package file (``safe_zip``: bounded decompression, XML without
entities) rather than through ebooklib, which reads through lxml with entity resolution
left to its defaults and would add lxml to the bundle; the OPF and the NCX are all that is
needed to find the articles and their metadata. Each XHTML page is read by the web-page
importer's tolerant HTML parser (``html_page``), which never expands a DTD.

A periodical is what calibre's "Fetch news" writes: the OPF says
``calibre:publication_type`` = ``periodical:...``, the NCX nests sections (class
``section``) holding articles (class ``article``, with ``mbp:meta`` author and description),
each section has an index page listing its articles with their dates, and each article is
one XHTML page with calibre's navigation bar around it (dropped; the address it was
downloaded from becomes the article's ``url``). An EPUB whose OPF types it a newspaper or
magazine (``dc:type``, as pandoc writes it) is a periodical too: each page of its reading
order is one news item.

The regular expressions that lift calibre's navigation and index entries scan to a closing
tag; they only run on pages of calibre's size (``_CALIBRE_PAGE_BYTES``, a few navigation
bars), so a hostile page cannot make them quadratic.
"""

import html
import posixpath
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from app.core.errors import ImportFailed
from app.core.importers.dates import find_date
from app.core.importers.doc_blocks import byline_author
from app.core.importers.draft import Draft, has_letters
from app.core.importers.guard import failure_reason
from app.core.importers.html_page import parse_html
from app.core.importers.markdown_blocks import Block, one_line, to_markdown
from app.core.importers.safe_zip import SafeZip, local

_NAVBAR = re.compile(r"<div\b[^>]*class=\"calibre_navbar[^\"]*\"[^>]*>.*?</div>", re.S | re.I)
_DOWNLOADED = re.compile(
    r"downloaded by\s*<b>\s*calibre\s*</b>\s*from\s*<a\b[^>]*href=\"([^\"]+)\"", re.I
)
_LIST_ITEM = re.compile(r"<li\b[^>]*class=\"article\"[^>]*>(.*?)</li>", re.S | re.I)
_HREF = re.compile(r"href=\"([^\"#]+)", re.I)
_FRONT_MATTER = re.compile(r"epub:type=\"(?:titlepage|cover|toc)\"", re.I)
_CALIBRE_PAGE_BYTES = 2 * 1024 * 1024
_SPAN_DATE = re.compile(r"class=\"article_date\"[^>]*>(.*?)<", re.S | re.I)


@dataclass
class _Package:
    """What the OPF says: metadata, the reading order and where the NCX is."""

    folder: str
    metadata: dict[str, list[str]] = field(default_factory=dict)
    spine: list[str] = field(default_factory=list)
    ncx: str | None = None
    calibre: bool = False  # calibre's "Fetch news" periodical

    @property
    def periodical(self) -> bool:
        """A newspaper or magazine issue by its OPF (``dc:type``, as pandoc writes it)."""
        return self.calibre or any(
            t.lower() in _PERIODICAL_TYPES for t in self.metadata.get("type", [])
        )

    def first(self, key: str) -> str:
        return next((v for v in self.metadata.get(key, []) if v), "")


@dataclass
class _Entry:
    """One article of a periodical as the NCX lists it."""

    title: str
    path: str
    section: str
    author: str = ""
    description: str = ""


def _rootfile(archive: SafeZip) -> str:
    container = archive.xml("META-INF/container.xml")
    for element in container.iter():
        if local(element.tag) == "rootfile" and element.get("full-path"):
            return element.get("full-path", "")
    raise ImportFailed(archive.name, "a damaged EPUB: META-INF/container.xml names no package")


def _package(archive: SafeZip) -> _Package:
    path = _rootfile(archive)
    opf = archive.xml(path)
    package = _Package(posixpath.dirname(path))
    manifest: dict[str, tuple[str, str, str]] = {}
    toc_id = ""
    for element in opf.iter():
        name = local(element.tag)
        if name == "item":
            href = posixpath.normpath(posixpath.join(package.folder, element.get("href", "")))
            manifest[element.get("id", "")] = (
                href,
                element.get("media-type", ""),
                element.get("properties", ""),
            )
        elif name == "spine":
            toc_id = element.get("toc", "")
        elif name == "itemref" and element.get("linear", "yes") != "no":
            package.spine.append(element.get("idref", ""))
        elif name == "meta" and element.get("name") == "calibre:publication_type":
            package.calibre = element.get("content", "").startswith("periodical")
        elif element.text and element.text.strip() and name in _OPF_FIELDS:
            package.metadata.setdefault(name, []).append(one_line(element.text))
    package.spine = [
        manifest[i][0] for i in package.spine if i in manifest and "nav" not in manifest[i][2]
    ]
    ncx = manifest.get(toc_id) or next(
        (m for m in manifest.values() if m[1] == "application/x-dtbncx+xml"), None
    )
    package.ncx = ncx[0] if ncx else None
    return package


_OPF_FIELDS = {"title", "creator", "date", "publisher", "description", "subject", "language",
               "type"}  # fmt: skip
_PERIODICAL_TYPES = {"newspaper", "magazine", "periodical", "news", "journal"}


def _label(point: Element) -> str:
    for element in point:
        if local(element.tag) == "navLabel":
            return one_line("".join(element.itertext()))
    return ""


def _src(point: Element, folder: str) -> str:
    for element in point:
        if local(element.tag) == "content":
            src = element.get("src", "").split("#", 1)[0]
            return posixpath.normpath(posixpath.join(folder, src))
    return ""


def _entries(archive: SafeZip, ncx_path: str) -> list[_Entry]:
    """The NCX's articles: points of class ``article``, or the second level of the tree."""
    root = archive.xml(ncx_path)
    folder = posixpath.dirname(ncx_path)
    found: list[_Entry] = []

    def visit(point: Element, section: str, depth: int) -> None:
        children = [c for c in point if local(c.tag) == "navPoint"]
        kind = point.get("class", "")
        if kind == "article" or (not kind and depth >= 2 and not children):
            entry = _Entry(_label(point), _src(point, folder), section)
            for meta in point:
                if local(meta.tag) == "meta" and meta.get("name") in ("author", "description"):
                    setattr(entry, meta.get("name", ""), one_line("".join(meta.itertext())))
            found.append(entry)
        label = _label(point) if kind == "section" or depth == 1 else section
        for child in children:
            visit(child, label, depth + 1)

    nav_map = next((e for e in root.iter() if local(e.tag) == "navMap"), None)
    for top in [c for c in nav_map or [] if local(c.tag) == "navPoint"]:
        visit(top, "", 0 if top.get("class") == "periodical" else 1)
    return found


def _page(archive: SafeZip, path: str) -> str:
    return archive.read(path).decode("utf-8", errors="replace")


def _index_dates(archive: SafeZip, entries: list[_Entry]) -> dict[str, str]:
    """Article path to the date its section index shows next to it."""
    dates: dict[str, str] = {}
    for index in sorted(
        {
            posixpath.join(posixpath.dirname(posixpath.dirname(e.path)), "index.html")
            for e in entries
        }
    ):
        if not archive.has(index) or archive.members[index].file_size > _CALIBRE_PAGE_BYTES:
            continue
        for item in _LIST_ITEM.finditer(_page(archive, index)):
            href, date = _HREF.search(item.group(1)), _SPAN_DATE.search(item.group(1))
            if href and date:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(index), href.group(1)))
                dates[target] = html.unescape(date.group(1))
    return dates


def _finish(draft: Draft, package: _Package) -> Draft:
    """What every news item of an issue shares: the publisher as source, the issue's date
    when the item has none, a leading byline paragraph as the author."""
    first, _, rest = draft.body.partition("\n\n")
    author = byline_author(first)
    if author and rest.strip():
        draft.author, draft.body = draft.author or author, rest
    draft.source = package.first("publisher") or package.first("title") or None
    draft.date = draft.date or find_date(package.first("date"))
    return draft


def _chapters(
    archive: SafeZip, package: _Package, name: str
) -> tuple[list[Draft], list[ImportFailed]]:
    """An issue made without calibre (pandoc: one XHTML page per article): each page of the
    reading order is a news item, its heading the title."""
    drafts: list[Draft] = []
    failures: list[ImportFailed] = []
    for path in package.spine:
        page = _page(archive, path) if archive.has(path) else ""
        if not page or _FRONT_MATTER.search(page):
            continue
        where = f"{name}#{len(drafts) + len(failures) + 1}"
        try:
            drafts.append(_finish(parse_html(page, where), package))
        except Exception as exc:
            failures.append(ImportFailed(where, failure_reason(exc, where)))
    if not drafts and not failures:
        raise ImportFailed(name, "a newspaper EPUB with no pages of text")
    return drafts, failures


def _periodical(
    archive: SafeZip, package: _Package, name: str
) -> tuple[list[Draft], list[ImportFailed]]:
    entries = _entries(archive, package.ncx or "")
    dates = _index_dates(archive, entries)
    drafts: list[Draft] = []
    failures: list[ImportFailed] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{name}#{number}"
        try:
            page = _page(archive, entry.path)
            address = _DOWNLOADED.search(page)
            if len(page) <= _CALIBRE_PAGE_BYTES and page.count("calibre_navbar") <= 4:
                page = _NAVBAR.sub("", page)
            draft = parse_html(page, where)
        except Exception as exc:
            failures.append(ImportFailed(where, failure_reason(exc, where)))
            continue
        draft.title = entry.title or draft.title
        heading = to_markdown([Block("subheading", draft.title)])
        draft.body = draft.body.removeprefix(heading).lstrip("\n") or draft.body
        draft.author = entry.author or draft.author
        draft.date = find_date(dates.get(entry.path, "")) or draft.date
        _finish(draft, package)
        draft.url = html.unescape(address.group(1)) if address else draft.url
        draft.tags = [entry.section] if entry.section else []
        if entry.description:
            draft.extra["description"] = entry.description
        drafts.append(draft)
    if not drafts and not failures:
        raise ImportFailed(name, "a periodical EPUB whose table of contents lists no articles")
    return drafts, failures


def _single(archive: SafeZip, package: _Package, name: str) -> Draft:
    """The whole book as one article, each chapter's heading kept as a subheading."""
    title = package.first("title")
    parts: list[str] = []
    for path in package.spine:
        if not archive.has(path):
            continue
        page = _page(archive, path)
        if _FRONT_MATTER.search(page):
            continue  # a title page or cover repeats the metadata
        try:
            chapter = parse_html(page, path)
        except ImportFailed:
            continue  # a cover or a page with only a picture
        heading = ""
        if chapter.title != title and chapter.title != path and has_letters(chapter.title):
            heading = to_markdown([Block("subheading", chapter.title)]) + "\n"
        parts.append(heading + chapter.body)
    body = "\n".join(parts)
    if not has_letters(body):
        raise ImportFailed(name, "an EPUB with no text (only pictures or an empty spine)")
    creators = package.metadata.get("creator", [])
    return Draft(
        title=title or name,
        body=body,
        author=", ".join(creators) or None,
        date=find_date(package.first("date")),
        source=package.first("publisher") or None,
        tags=package.metadata.get("subject", [])[:20],
        imported_from=name,
        extra={"description": package.first("description")} if package.first("description") else {},
    )


def _refuse_drm(archive: SafeZip) -> None:
    """Pages listed in META-INF/encryption.xml are locked (DRM); fonts listed there are only
    obfuscated, as many shops do, and the text stays readable."""
    if not archive.has("META-INF/encryption.xml"):
        return
    for element in archive.xml("META-INF/encryption.xml").iter():
        uri = element.get("URI", "") if local(element.tag) == "CipherReference" else ""
        if uri.lower().endswith((".html", ".xhtml", ".htm", ".opf", ".ncx")):
            raise ImportFailed(
                archive.name, "an EPUB locked with DRM (its pages are encrypted): it cannot be read"
            )


def parse_epub(archive: SafeZip, name: str) -> tuple[list[Draft], list[ImportFailed]]:
    _refuse_drm(archive)
    package = _package(archive)
    if package.calibre and package.ncx and archive.has(package.ncx):
        return _periodical(archive, package, name)
    if package.periodical:
        return _chapters(archive, package, name)
    return [_single(archive, package, name)], []
