"""Export to a Markdown vault (Obsidian, Logseq, Foam): one note per article, one per tag.

An article's note has its details as front matter, its highlights as block quotes ending in
``^ann-<id>`` (a block id other notes link to), their notes below them; a tag's note links
each highlight as ``[[article#^ann-<id>]]`` with the codebook's definition on top.
Re-exporting rewrites the notes in place: everything the user wrote below the marked line
stays as it was. Files are written only inside the chosen folder, each atomically, and a
link (which could lead outside it) is never written through.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from app.core.atomic import write_atomic
from app.core.codebook import Code, key
from app.core.errors import ExportFailed, os_problem
from app.core.export.formats import blockquote, demote_headings, escape_markdown
from app.core.export.selection import ExportEntry
from app.core.export.styles import DEFAULT_STYLE, bibliography

KEEP_MARK = "%% readmark: your notes below this line are kept %%"
TAGS_FOLDER = "tags"
_NOT_IN_OBSIDIAN_TAG = re.compile(r"[^\w/-]+")
_NOT_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass
class VaultReport:
    folder: Path
    written: list[Path] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return f"{len(self.written)} note(s) written, {self.unchanged} unchanged, in {self.folder}"


def block_id(annotation_id: str, taken: set[str]) -> str:
    """``ann-`` and the start of the annotation's uuid, longer only if another highlight in
    the same note starts the same way (Obsidian block ids are letters, digits and '-')."""
    hexes = re.sub(r"[^0-9a-f]", "", annotation_id.removeprefix("urn:uuid:").lower())
    for length in range(8, len(hexes) + 1):
        candidate = f"ann-{hexes[:length]}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    candidate = f"ann-{len(taken)}"
    taken.add(candidate)
    return candidate


def obsidian_tag(tag: str) -> str:
    """A tag as Obsidian reads one: letters, digits, '_', '-' and '/' for nesting."""
    return _NOT_IN_OBSIDIAN_TAG.sub("-", tag).strip("-") or "tag"


def file_stem(text: str) -> str:
    """A file name no system refuses and that stays in its folder ("..", "/" cannot)."""
    name = _NOT_IN_FILE_NAME.sub("-", text).strip(" .-")
    return name[:120] or "untitled"


def _front_matter(values: dict[str, object]) -> str:
    shown = {k: v for k, v in values.items() if v not in (None, "", [])}
    dumped = yaml.safe_dump(shown, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n"


def _article_note(
    group: list[ExportEntry], reference: str, citation: str, ids: dict[str, str]
) -> str:
    article = group[0].article
    assert article is not None  # missing articles have no note (see write_vault)
    tags = sorted({obsidian_tag(t) for e in group for t in e.annotation.tags}, key=key)
    lines = [
        _front_matter(
            {
                "title": article.title,
                "author": article.author,
                "date": article.date.isoformat() if article.date else None,
                "source": article.source,
                "url": article.url,
                "tags": tags,
                "citekey": article.id,
                "citation": citation,
            }
        ),
        f"# {escape_markdown(article.title)}",
        "",
        reference,
        "",
    ]
    for entry in group:
        annotation = entry.annotation
        if annotation.exact is None:
            lines += ["## Note on the article", "", demote_headings(annotation.note.strip()), ""]
            continue
        tail = " ".join(f"#{obsidian_tag(t)}" for t in annotation.tags)
        status = " (orphaned: its passage is no longer in the article)" if entry.is_orphan else ""
        lines += [blockquote(annotation.exact)]
        lines += [f"> {tail}{status} ^{ids[annotation.id]}".replace(">  ", "> "), ""]
        if annotation.note.strip():
            lines += [demote_headings(annotation.note.strip()), ""]
    return "\n".join(lines)


def _tag_note(tag: str, links: list[str], code: Code | None) -> str:
    lines = [
        _front_matter({"tag": tag, "colour": code.colour if code else None}),
        f"# #{obsidian_tag(tag)}",
        "",
    ]
    if code and code.description:
        lines += [code.description.strip(), ""]
    lines += [*links, ""]
    return "\n".join(lines)


def _kept(path: Path) -> str:
    """What the user wrote below the mark in the note already there ("" when none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    _before, mark, after = text.partition(KEEP_MARK)
    return after.lstrip("\n") if mark else ""


def _write(folder: Path, relative: str, generated: str, report: VaultReport) -> None:
    path = folder / relative
    if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
        raise ExportFailed(path, "is a link or lies outside the vault folder: not written")
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = _kept(path)
    text = f"{generated.rstrip()}\n\n{KEEP_MARK}\n" + (f"{kept}" if kept else "\n")
    if path.exists() and path.read_text(encoding="utf-8") == text:
        report.unchanged += 1
        return
    write_atomic(path, text)
    report.written.append(path)


def write_vault(
    folder: Path, entries: list[ExportEntry], codes: Iterable[Code], style: str = DEFAULT_STYLE
) -> VaultReport:
    """Write (or update) the vault's notes for the selection inside ``folder``."""
    if folder.exists() and not folder.is_dir():
        raise ExportFailed(folder, "is a file; give a folder for the vault")
    if not folder.parent.is_dir():
        raise ExportFailed(folder, f"the folder {folder.parent} does not exist")
    report = VaultReport(folder)
    groups: dict[str, list[ExportEntry]] = {}
    for entry in entries:
        if entry.article is not None:
            groups.setdefault(entry.article_id, []).append(entry)
    cited = [(i, g[0].article) for i, g in groups.items()]
    references = dict(bibliography(cited, style, "md"))
    plain = dict(bibliography(cited, style, "text"))  # front matter is not Markdown
    by_tag: dict[str, tuple[str, list[str]]] = {}
    try:
        folder.mkdir(exist_ok=True)
        for article_id, group in groups.items():
            ids: dict[str, str] = {}
            taken: set[str] = set()
            for entry in group:
                ids[entry.annotation.id] = block_id(entry.annotation.id, taken)
            stem = file_stem(article_id)
            reference, citation = (
                re.sub(r"\A\d+\.\s+", "", found.get(article_id, ""))
                for found in (references, plain)
            )
            note = _article_note(group, reference, citation, ids)
            _write(folder, f"{stem}.md", note, report)
            title = group[0].article.title if group[0].article else article_id
            for entry in group:
                for tag in entry.annotation.tags:
                    quote = " ".join((entry.annotation.exact or entry.annotation.note).split())
                    link = f"- [[{stem}#^{ids[entry.annotation.id]}|{title}]]: {quote[:80]}"
                    by_tag.setdefault(key(tag), (tag, []))[1].append(link)
        book = {key(c.name): c for c in codes}
        for tag_key, (tag, links) in sorted(by_tag.items()):
            name = file_stem(tag.replace("/", " › "))
            _write(
                folder, f"{TAGS_FOLDER}/{name}.md", _tag_note(tag, links, book.get(tag_key)), report
            )
    except OSError as exc:
        raise ExportFailed(folder, str(os_problem(exc, folder, doing="write the vault"))) from None
    return report
