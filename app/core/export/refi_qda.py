"""REFI-QDA export: the codebook as ``.qdc`` and a whole project as ``.qdpx``, the exchange
standard of QualCoder, Taguette, NVivo, MAXQDA and ATLAS.ti (REFI-QDA 1.5, schemas
``Codebook.xsd`` and ``Project-mrt2019.xsd``).

Elements are written in the order the schemas' sequences give, with every required
attribute. GUIDs are uuid5 of Readmark's own ids, so a highlight, a tag or an article has
the same GUID in every export, and an import of our own file finds what it came from.
Positions are code points of the article's plain text, which is stored beside the project
file in ``sources/`` as the standard asks.
"""

import io
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

from app.core.annotations.model import Annotation, now_iso
from app.core.article import Article
from app.core.atomic import write_atomic
from app.core.codebook import Code, ancestors, key, levels
from app.core.errors import ExportFailed, InvalidInput, os_problem
from app.core.export.selection import ExportEntry
from app.core.render import render

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
# The namespace of every GUID Readmark derives (uuid5); fixed forever, or GUIDs would change.
GUID_NAMESPACE = uuid.UUID("5b0c3c3e-7d0a-4f57-9a55-2f1c1b6e8a61")
PROJECT_FILE = "project.qde"
SOURCES = "sources"
ORIGIN = "Readmark"
METADATA_FIELDS = ("author", "date", "source", "url")


def guid(kind: str, ident: str) -> str:
    """The stable GUID of a Readmark thing: ``kind`` is "code", "article", "highlight",
    "coding", "note" or "user"; tags are matched ignoring case, so their GUID is too."""
    name = key(ident) if kind == "code" else ident
    return str(uuid.uuid5(GUID_NAMESPACE, f"readmark:{kind}:{name}"))


def _code_element(
    parent: Element, path: str, codes: dict[str, Code], tree: dict[str, list[str]]
) -> None:
    code = codes.get(key(path), Code(path))
    attributes = {"guid": guid("code", path), "name": levels(path)[-1], "isCodable": "true"}
    if code.colour:
        attributes["color"] = code.colour
    element = SubElement(parent, "Code", attributes)
    if code.description:
        SubElement(element, "Description").text = code.description
    for child in sorted(tree.get(key(path), []), key=key):
        _code_element(element, child, codes, tree)


def _codes_element(parent: Element, tags: Iterable[str], book: list[Code]) -> bool:
    """``Codes`` with one nested ``Code`` per level of every tag, and every codebook entry;
    False (and nothing added) when there is no code, since ``Codes`` may not be empty."""
    codes = {key(c.name): c for c in book}
    paths: dict[str, str] = {}
    for tag in [*tags, *(c.name for c in book)]:
        for path in [*ancestors(tag), tag]:
            paths.setdefault(key(path), codes[key(path)].name if key(path) in codes else path)
    tree: dict[str, list[str]] = {}
    roots = []
    for path in paths.values():
        above = ancestors(path)
        if above:
            tree.setdefault(key(above[-1]), []).append(path)
        else:
            roots.append(path)
    if not roots:
        return False
    holder = SubElement(parent, "Codes")
    for root in sorted(roots, key=key):
        _code_element(holder, root, codes, tree)
    return True


def _xml(root: Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode").encode()


def to_qdc(tags: Iterable[str], book: list[Code]) -> str:
    """A REFI-QDA codebook of these tags (with their branches) and the codebook's entries."""
    root = Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN})
    if not _codes_element(root, tags, book):
        raise InvalidInput("no tags to export: a REFI-QDA codebook needs at least one code")
    return _xml(root).decode("utf-8") + "\n"


def describe_article(article: Article) -> str:
    """The TextSource's Description: the article's details as ``field: value`` lines,
    readable in any QDA program and read back by the import."""
    values = {
        "author": article.author,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "url": article.url,
    }
    return "\n".join(f"{name}: {values[name]}" for name in METADATA_FIELDS if values[name])


class _Project:
    """The pieces of ``project.qde`` as they are gathered, and the plain texts."""

    def __init__(self) -> None:
        self.user = guid("user", "readmark")
        self.notes: list[Element] = []
        self.texts: dict[str, str] = {}

    def note(self, ident: str, text: str, annotation: Annotation) -> str:
        note_guid = guid("note", ident)
        note = Element(
            "Note",
            {
                "guid": note_guid,
                "name": " ".join(text.split())[:60] or "Note",
                "creatingUser": self.user,
                "creationDateTime": annotation.created,
                "modifyingUser": self.user,
                "modifiedDateTime": annotation.modified,
            },
        )
        SubElement(note, "PlainTextContent").text = text
        self.notes.append(note)
        return note_guid

    def source(self, parent: Element, article: Article, group: list[ExportEntry]) -> None:
        source_guid = guid("article", article.id)
        text = render(article.body).text
        self.texts[source_guid] = text
        element = SubElement(
            parent,
            "TextSource",
            {
                "guid": source_guid,
                "name": article.title,
                "plainTextPath": f"internal://{source_guid}.txt",
                "creatingUser": self.user,
                "creationDateTime": now_iso(),
            },
        )
        details = describe_article(article)
        if details:
            SubElement(element, "Description").text = details
        article_notes: list[str] = []
        for entry in group:
            annotation, anchor = entry.annotation, entry.anchor
            if anchor is None:
                article_notes.append(self.note(annotation.id, annotation.note, annotation))
            elif anchor.start is not None and anchor.end is not None:
                self._selection(element, annotation, anchor.start, anchor.end, text)
        for note_guid in article_notes:
            SubElement(element, "NoteRef", {"targetGUID": note_guid})

    def _selection(
        self, parent: Element, annotation: Annotation, start: int, end: int, text: str
    ) -> None:
        selection = SubElement(
            parent,
            "PlainTextSelection",
            {
                "guid": guid("highlight", annotation.id),
                "name": " ".join(text[start:end].split())[:60],
                "startPosition": str(start),
                "endPosition": str(end),
                "creatingUser": self.user,
                "creationDateTime": annotation.created,
                "modifyingUser": self.user,
                "modifiedDateTime": annotation.modified,
            },
        )
        for tag in annotation.tags:
            coding = SubElement(
                selection,
                "Coding",
                {
                    "guid": guid("coding", f"{annotation.id} {key(tag)}"),
                    "creatingUser": self.user,
                    "creationDateTime": annotation.modified,
                },
            )
            SubElement(coding, "CodeRef", {"targetGUID": guid("code", tag)})
        if annotation.note:
            note_guid = self.note(annotation.id, annotation.note, annotation)
            SubElement(selection, "NoteRef", {"targetGUID": note_guid})


def project_files(entries: list[ExportEntry], book: list[Code], name: str) -> dict[str, bytes]:
    """``project.qde`` and ``sources/<guid>.txt`` of a selection. Orphaned highlights have
    no place in the text to select and are left out; missing articles have no text."""
    project = _Project()
    root = Element(
        "Project",
        {
            "xmlns": PROJECT_NS,
            "name": name,
            "origin": ORIGIN,
            "creatingUserGUID": project.user,
            "creationDateTime": now_iso(),
        },
    )
    users = SubElement(root, "Users")
    SubElement(users, "User", {"guid": project.user, "name": ORIGIN})
    codebook = Element("CodeBook")
    if _codes_element(codebook, (t for e in entries for t in e.annotation.tags), book):
        root.append(codebook)
    sources = Element("Sources")
    groups: dict[str, list[ExportEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.article_id, []).append(entry)
    for group in groups.values():
        article = group[0].article
        if article is not None:
            project.source(sources, article, group)
    if len(sources):
        root.append(sources)
    if project.notes:
        SubElement(root, "Notes").extend(project.notes)
    files = {PROJECT_FILE: _xml(root)}
    for source_guid, text in project.texts.items():
        files[f"{SOURCES}/{source_guid}.txt"] = text.encode("utf-8")
    return files


def write_qdpx(path: Path, entries: list[ExportEntry], book: list[Code]) -> None:
    """The ``.qdpx`` zip, written atomically (a failed export leaves no half file)."""
    if path.is_dir():
        raise ExportFailed(path, "is a folder; give a file name ending in .qdpx")
    if not path.parent.is_dir():
        raise ExportFailed(path, f"the folder {path.parent} does not exist")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in project_files(entries, book, path.stem).items():
            archive.writestr(member, data)
    try:
        write_atomic(path, buffer.getvalue())
    except OSError as exc:
        raise ExportFailed(
            path, str(os_problem(exc, path.parent, doing="write the export"))
        ) from None
