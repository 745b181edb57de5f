"""REFI-QDA import: a ``.qdc`` codebook, or a ``.qdpx`` project's text sources, codings and
notes, so work done in QualCoder or Taguette comes back as articles, highlights and tags.

A project is a zip from elsewhere, read with ``SafeZip``'s budget (200 MB unpacked, ratio
100) and defusedxml (no entities, nothing fetched); a member name that climbs out of the
archive (``sources/../../x``, an absolute path) refuses the whole file, since nothing about
it can then be trusted. Text sources are matched to articles by the GUID our export gave
them, else by identical text, else become new articles. Highlights are placed by their
quote and context in the article's text, so positions survive a text rendered a little
differently; what cannot be placed is kept as an orphan, never dropped.
"""

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path
from xml.etree.ElementTree import Element

from app.core.anchoring import anchor, describe
from app.core.annotations.importing import MAX_IMPORT_BYTES, AnnotationImportReport
from app.core.annotations.model import COMMENTING, Annotation, iso_utc, now_iso
from app.core.annotations.store import AnnotationStore
from app.core.article import Article
from app.core.codebook import Code, Codebook, check_hex_colour
from app.core.errors import ImportFailed, InvalidInput, os_reason
from app.core.export.refi_qda import CODEBOOK_NS, METADATA_FIELDS, PROJECT_FILE, PROJECT_NS, guid
from app.core.importers.markdown_blocks import Block, to_markdown
from app.core.importers.safe_zip import SafeZip, parse_xml
from app.core.render import render

_BAD_IN_NAME = re.compile(r"[,;#\"\x00-\x1f\x7f/]+")
_PARAGRAPHS = re.compile(r"\n\s*\n")


@dataclass
class QdaReport(AnnotationImportReport):
    """An annotation import's counts, and what the project added besides."""

    articles: int = 0
    codes: int = 0

    def summary(self) -> str:
        return f"{self.articles} article(s) added, {self.codes} code(s); " + super().summary()


def _read(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise ImportFailed(path, f"cannot read: {os_reason(exc)}") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFailed(path, f"larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")
    return data


def _local(element: Element, ns: str, name: str) -> list[Element]:
    return element.findall(f"{{{ns}}}{name}")


def _clean_level(name: str) -> str:
    """A code name as one tag level: characters a tag cannot hold become '-'."""
    return "-".join(_BAD_IN_NAME.sub(" ", name).split())[:60] or "code"


def _codes(holder: Element, ns: str, above: str, found: dict[str, Code]) -> dict[str, Code]:
    """GUID -> codebook entry with its whole path, for every Code under ``holder``."""
    for code in _local(holder, ns, "Code"):
        path = f"{above}/{_clean_level(code.get('name', ''))}".strip("/")
        description = "".join(d.text or "" for d in _local(code, ns, "Description"))
        try:
            colour = check_hex_colour(code.get("color", "")) if code.get("color") else None
        except InvalidInput:
            colour = None
        code_guid = _guid_of(code.get("guid"))
        if code_guid:
            found[code_guid] = Code(path, description, colour)
        _codes(code, ns, path, found)
    return found


def _guid_of(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()


def _codebook(root: Element, ns: str) -> dict[str, Code]:
    holder = root if root.tag == f"{{{ns}}}CodeBook" else root.find(f"{{{ns}}}CodeBook")
    codes = holder.find(f"{{{ns}}}Codes") if holder is not None else None
    return {} if codes is None else _codes(codes, ns, "", {})


def import_qdc(path: Path, book: Codebook) -> QdaReport:
    """A REFI-QDA codebook into ours: descriptions and colours by tag path."""
    root = parse_xml(_read(path), path.name, str(path))
    if root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise ImportFailed(path, f"not a REFI-QDA codebook (no CodeBook in {CODEBOOK_NS})")
    codes = list(_codebook(root, CODEBOOK_NS).values())
    book.merge(codes)
    return QdaReport(codes=len(codes))


def _checked_members(archive: SafeZip, path: Path) -> None:
    for name in archive.members:
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"[A-Za-z]:", name):
            raise ImportFailed(path, f"member {name!r} points outside the archive: refused")


def _source_text(archive: SafeZip, source: Element, path: Path) -> str | None:
    content = source.find(f"{{{PROJECT_NS}}}PlainTextContent")
    if content is not None:
        return content.text or ""
    where = source.get("plainTextPath", "")
    if not where.startswith("internal://"):
        return None
    name = where[len("internal://") :]
    if posixpath.basename(name) != name or name in ("", ".", ".."):
        raise ImportFailed(path, f"plainTextPath {where!r} points outside sources/: refused")
    for member in (f"sources/{name}", f"Sources/{name}"):
        if archive.has(member):
            raw = archive.read(member)
            try:
                return raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ImportFailed(path, f"{member} is not UTF-8 text") from None
    return None


def _when(value: str | None) -> str:
    try:
        return iso_utc(dt.datetime.fromisoformat((value or "").replace("Z", "+00:00")))
    except ValueError:
        return now_iso()


class _ProjectImport:
    def __init__(self, store: AnnotationStore, path: Path, archive: SafeZip) -> None:
        self.store, self.path, self.archive = store, path, archive
        self.report = QdaReport()
        self.by_guid = {guid("article", i): i for i in store.library.ids()}
        self.known = {guid("highlight", a.id): a for a in store.all()}
        self.known.update({guid("note", a.id): a for a in self.known.values()})
        self.ready: list[Annotation] = []

    def article_for(self, source: Element, text: str) -> str:
        found = self.by_guid.get(_guid_of(source.get("guid")))
        if found is not None:
            return found
        for article in self.store.library:
            if render(article.body).text == text:
                return article.id
        details = {}
        description = source.find(f"{{{PROJECT_NS}}}Description")
        for line in ((description.text or "") if description is not None else "").splitlines():
            name, _, value = line.partition(":")
            if name.strip() in METADATA_FIELDS and value.strip():
                details[name.strip()] = value.strip()
        title = " ".join((source.get("name") or "Untitled source").split())[:200]
        date = None
        if "date" in details:
            try:
                date = dt.date.fromisoformat(details["date"])
            except ValueError:
                date = None
        blocks = [Block("paragraph", " ".join(p.split())) for p in _PARAGRAPHS.split(text)]
        article = Article(
            id=self.store.library.new_id(title),
            title=title,
            body=to_markdown(b for b in blocks if b.text),
            author=details.get("author"),
            date=date,
            source=details.get("source"),
            url=details.get("url"),
        )
        self.store.library.add(article)
        self.report.articles += 1
        return article.id

    def selection(
        self, article_id: str, text: str, element: Element, tags: list[str], note: str
    ) -> None:
        where = f"{self.path.name}: selection {element.get('guid')}"
        try:
            start, end = int(element.get("startPosition", "")), int(element.get("endPosition", ""))
        except ValueError:
            self.report.skipped.append(f"{where}: startPosition/endPosition are not numbers")
            return
        if not 0 <= start < end <= len(text):
            self.report.skipped.append(f"{where}: {start}-{end} is outside its text")
            return
        ours = render(self.store.library.get(article_id).body).text
        quote = describe(text, start, end)
        placed = anchor(ours, quote)
        previous = self.known.get(_guid_of(element.get("guid")))
        ident = previous.id if previous else f"urn:uuid:{_guid_of(element.get('guid'))}"
        made = Annotation(
            id=ident,
            article_id=article_id,
            created=previous.created if previous else _when(element.get("creationDateTime")),
            modified=_when(element.get("modifiedDateTime")),
            colour=previous.colour if previous else "yellow",
            tags=tags,
            note=note,
            exact=text[start:end],
            prefix=quote[0]["prefix"],
            suffix=quote[0]["suffix"],
        )
        if placed.start is not None and placed.end is not None:
            found = describe(ours, placed.start, placed.end)[0]
            made = replace(made, exact=found["exact"], prefix=found["prefix"],
                           suffix=found["suffix"], start=placed.start, end=placed.end)  # fmt: skip
        else:
            self.report.orphaned += 1
        self.ready.append(made)

    def article_note(self, article_id: str, note_guid: str, note: str) -> None:
        previous = self.known.get(note_guid)
        stamp = now_iso()
        self.ready.append(
            Annotation(
                id=previous.id if previous else f"urn:uuid:{note_guid}",
                article_id=article_id,
                created=previous.created if previous else stamp,
                modified=stamp,
                motivation=COMMENTING,
                colour=None,
                note=note,
            )
        )


def import_qdpx(path: Path, store: AnnotationStore, book: Codebook) -> QdaReport:
    """A REFI-QDA project: its codebook, text sources, codings and notes."""
    archive = SafeZip(_read(path), str(path), "REFI-QDA project")
    _checked_members(archive, path)
    if not archive.has(PROJECT_FILE):
        raise ImportFailed(path, f"not a REFI-QDA project: {PROJECT_FILE} is missing")
    root = archive.xml(PROJECT_FILE)
    if root.tag != f"{{{PROJECT_NS}}}Project":
        raise ImportFailed(path, f"not a REFI-QDA project (no Project in {PROJECT_NS})")
    codes = _codebook(root, PROJECT_NS)
    book.merge(list(codes.values()))
    notes = {
        _guid_of(n.get("guid")): "".join(
            c.text or "" for c in _local(n, PROJECT_NS, "PlainTextContent")
        )
        for holder in _local(root, PROJECT_NS, "Notes")
        for n in _local(holder, PROJECT_NS, "Note")
    }
    work = _ProjectImport(store, path, archive)
    work.report.codes = len(codes)

    def refs(element: Element, name: str) -> list[str]:
        return [_guid_of(r.get("targetGUID")) for r in element.iter(f"{{{PROJECT_NS}}}{name}")]

    for holder in _local(root, PROJECT_NS, "Sources"):
        for source in _local(holder, PROJECT_NS, "TextSource"):
            text = _source_text(archive, source, path)
            if text is None:
                work.report.unmatched.append(
                    f"{path.name}: source {source.get('name')!r} has no text in the file"
                )
                continue
            article_id = work.article_for(source, text)
            for element in _local(source, PROJECT_NS, "PlainTextSelection"):
                tags = [codes[g].name for g in refs(element, "CodeRef") if g in codes]
                note = "\n\n".join(notes[g] for g in refs(element, "NoteRef") if g in notes)
                work.selection(article_id, text, element, list(dict.fromkeys(tags)), note)
            for note_ref in _local(source, PROJECT_NS, "NoteRef"):
                note_guid = _guid_of(note_ref.get("targetGUID"))
                if notes.get(note_guid, "").strip():
                    work.article_note(article_id, note_guid, notes[note_guid])
    existing = {a.id: a for a in store.all()}
    changed = []
    for annotation in work.ready:
        before = existing.get(annotation.id)
        if before is not None and replace(before, modified="") == replace(annotation, modified=""):
            work.report.unchanged += 1
            continue
        changed.append(annotation)
        if before is None:
            work.report.imported += 1
        else:
            work.report.updated += 1
    store.save_all(changed)
    return work.report


def import_refi_qda(path: Path, store: AnnotationStore) -> QdaReport:
    """``.qdc`` or ``.qdpx`` by its name; the codebook is the store's data folder's."""
    book = Codebook(store.folder.parent)
    if path.suffix.lower() == ".qdc":
        return import_qdc(path, book)
    return import_qdpx(path, store, book)
