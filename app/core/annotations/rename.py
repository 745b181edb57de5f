"""Renaming (or merging) a tag across the library, journaled so a killed rename completes.

A rename rewrites many annotation files, one at a time under each article's lock. Killed
midway it left the library half renamed, so it is written down first: ``tag-rename.json`` in
the data folder, written atomically before the first file changes and removed after the
last. ``finish_interrupted`` (the workspace calls it when it opens) runs a journaled rename
again; renaming an already renamed file changes nothing, so running it twice is safe. The
search index takes all renamed articles in one commit (one commit per article took 75 s for
150 articles under load).
"""

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import codebook  # a module, not names: codebook imports this package
from app.core.annotations import files
from app.core.annotations.model import Annotation, normalise_tag, now_iso, unique_tags
from app.core.annotations.tag_paths import is_under, moved
from app.core.atomic import write_atomic
from app.core.errors import NotFound, writing_in
from app.core.json_input import BadJson, parse_json

if TYPE_CHECKING:
    from app.core.annotations.store import AnnotationStore

RENAME_JOURNAL = "tag-rename.json"
# A journal names a tag and the articles that carry it: a large library's list is a few MB.
MAX_JOURNAL_BYTES = 64 * 1024 * 1024


def journal_of(store: "AnnotationStore") -> Path:
    return store.folder.parent / RENAME_JOURNAL


def rename_tag(store: "AnnotationStore", old: str, new: str) -> int:
    """Rename ``old`` to ``new`` on every annotation that has it; how many changed."""
    target = normalise_tag(new)
    articles = [
        article_id
        for article_id in store.article_ids()
        if any(is_under(t, old) for a in store.for_article(article_id) for t in a.tags)
    ]
    if not articles:
        raise NotFound(f"no annotation has the tag '{old}'")
    journal = journal_of(store)
    with _journal_lock(journal, wait=True):
        record = {"rename_tag": old, "to": target, "articles": articles}
        with writing_in(journal.parent):  # a full disk names no file: say which folder
            write_atomic(journal, json.dumps(record, ensure_ascii=False) + "\n")
        changed = _rename_in(store, articles, old, target)
        journal.unlink(missing_ok=True)
    return changed


def finish_interrupted(store: "AnnotationStore") -> int:
    """Complete a rename that was killed midway; 0 when there is none or another process is
    completing it now. A journal that cannot be read is set aside and reported."""
    journal = journal_of(store)
    if not journal.exists():
        return 0
    with _journal_lock(journal, wait=False) as held:
        if not held or not journal.exists():
            return 0
        try:
            record = parse_json(journal.read_bytes(), max_bytes=MAX_JOURNAL_BYTES)
            old, target = str(record["rename_tag"]), normalise_tag(str(record["to"]))
            articles = [str(a) for a in record["articles"]]
        except (OSError, BadJson, LookupError, TypeError) as exc:
            store.problems.append(files.set_aside(journal, f"unreadable ({exc})"))
            return 0
        present = set(store.article_ids())
        changed = _rename_in(store, [a for a in articles if a in present], old, target)
        journal.unlink(missing_ok=True)
    return changed


@contextlib.contextmanager
def _journal_lock(journal: Path, wait: bool) -> Iterator[bool]:
    """One rename at a time across processes; yields False when ``wait`` is off and another
    process holds it. The lock dies with its process, like the article locks."""
    with writing_in(journal.parent):
        journal.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(journal.with_name(f".{journal.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _rename_in(store: "AnnotationStore", articles: list[str], old: str, target: str) -> int:
    """The branch moves whole: ``defence/missile-defence`` follows ``defence``, and so do
    the codebook's entries for them."""

    def rename(current: list[Annotation]) -> int:
        count = 0
        stamp = now_iso()
        for i, annotation in enumerate(current):
            if any(is_under(t, old) for t in annotation.tags):
                tags = [moved(t, old, target) or t for t in annotation.tags]
                current[i] = replace(annotation, tags=unique_tags(tags), modified=stamp)
                count += 1
        return count

    changed = store.change_many(articles, rename)
    codebook.Codebook(store.folder.parent).rename_branch(old, target)
    return changed
