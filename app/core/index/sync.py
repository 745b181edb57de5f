"""Incremental sync: compare the library folder with the index and touch only what changed.

A file is looked at only when its size or modification time differs from what the index
recorded; then its bytes are hashed, so a file merely touched is not re-indexed (only its
stamp is refreshed). An id found at a new path whose old path is gone is a rename. A file
that can no longer be read leaves the index, as it leaves the library view.
"""

from dataclasses import dataclass, field
from typing import Any

from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from app.core.index import storage
from app.core.index.build import READ_ERRORS, DocSource
from app.core.index.docinfo import LiveRows
from app.core.index.schema import (
    Loaded,
    document_from_record,
    load_file,
    make_document,
    record_of,
)
from app.core.index.sync_stamps import annotation_changed, differences
from app.core.library_scan import Scan
from app.core.library_scan import scan_library as scan_library  # the index's one scan rule
from app.core.progress import Cancel, Progress

TINY_SEGMENT = 1000
MAX_TINY_SEGMENTS = 8


@dataclass
class SyncReport:
    """What one sync or rebuild did, for the status line and the tests."""

    added: int = 0
    changed: int = 0
    renamed: int = 0
    deleted: int = 0
    touched: int = 0
    annotated: int = 0
    rebuilt: bool = False
    reason: str | None = None
    cancelled: bool = False
    documents: int = 0
    problems: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0

    @property
    def summary(self) -> str:
        if self.cancelled:
            return "index update cancelled; the previous index is still in use"
        if self.rebuilt:
            return f"index rebuilt ({self.reason}): {self.documents} articles"
        parts = [
            f"{n} {word}"
            for n, word in (
                (self.added, "added"),
                (self.changed, "changed"),
                (self.renamed, "renamed"),
                (self.deleted, "deleted"),
                (self.annotated, "with new annotations"),
            )
            if n
        ]
        return "index up to date" + (f" ({', '.join(parts)})" if parts else "")


@dataclass
class SyncPlan:
    writes: list[dict[str, Any]] = field(default_factory=list)
    deletions: list[int] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    report: SyncReport = field(default_factory=SyncReport)

    def __bool__(self) -> bool:
        return bool(self.writes or self.deletions)

    def replace(self, docnum: int, doc: dict[str, Any]) -> None:
        self.deletions.append(docnum)
        self.writes.append(doc)


def plan_sync(
    source: DocSource,
    searcher: Searcher,
    live: LiveRows,
    files: Scan,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> SyncPlan:
    """The writes and deletions that bring ``live`` (the generation the writer holds) in
    line with the scanned ``files``: only files whose stamp differs from the index's are
    opened (``sync_stamps.differences``), then renames, duplicate ids, unreadable files and
    annotation files changed behind the index's back are sorted out one by one."""
    plan = SyncPlan()
    report = plan.report
    root = source.root
    found = differences(live, files)
    indexed, gone = found.indexed, found.gone
    claimed: set[str] = set()
    for n, file in enumerate(found.candidates, 1):
        if cancel is not None and cancel():
            report.cancelled = True
            return plan
        if progress is not None:
            progress(n, len(found.candidates), "")
        rel, path = file.rel, root / file.rel
        old = indexed.get(rel)
        try:
            loaded = load_file(root, path)
        except READ_ERRORS as exc:
            report.problems.append(f"{path.name}: {exc}")
            if old is not None:
                gone.add(rel)
            continue
        new_id = loaded.article.id
        if old is not None and old[1].id == new_id:
            if old[1].sha1 == loaded.sha1.hex():
                plan.replace(old[0], _restamped(source, searcher, old[0], loaded))
                report.touched += 1
            else:
                plan.replace(old[0], _fresh(source, loaded, searcher, old[0]))
                report.changed += 1
            claimed.add(new_id)
            continue
        if old is not None:
            gone.add(rel)
        previous = found.path_of(new_id)
        if new_id in claimed or (previous is not None and previous not in gone):
            where = previous or "another file"
            report.problems.append(
                f"{path.name}: duplicate id '{new_id}' (also used by {where}); not indexed"
            )
            continue
        claimed.add(new_id)
        if previous is not None:
            _docnum, info = indexed[previous]  # an old place is gone, so its row was read
            same = info.sha1 == loaded.sha1.hex()
            doc = (
                _restamped(source, searcher, _docnum, loaded)
                if same
                else _fresh(source, loaded, searcher, _docnum)
            )
            plan.replace(_docnum, doc)
            report.renamed += 1
        else:
            plan.writes.append(_fresh(source, loaded))
            report.added += 1
    for rel in sorted(gone):
        docnum, info = indexed[rel]
        if info.id not in claimed:
            plan.deletions.append(docnum)
            plan.removed.append(info.id)
            report.deleted += 1
    if source.annotations_dir is not None:
        _annotation_changes(source, searcher, live, claimed | set(plan.removed), plan)
    return plan


def _annotation_changes(
    source: DocSource, searcher: Searcher, live: LiveRows, done: set[str], plan: SyncPlan
) -> None:
    """Articles whose annotation file changed (or appeared, or went) since the index read
    it: an update the annotation store could not hand over, because another process was
    writing the index or this one stopped first."""
    rows = annotation_changed(live, source.stamps)
    for docnum, info in zip(
        live.docnums[rows].tolist(), live.table.infos_of(live.docnums[rows]), strict=True
    ):
        if info.id in done:
            continue
        tags, notes, stamp = source.notes_of(info.id)
        record = record_of(searcher.stored_fields(docnum))
        plan.replace(
            docnum,
            document_from_record(record, note_tags=tuple(tags), notes=notes, notes_stamp=stamp),
        )
        plan.report.annotated += 1


def _fresh(
    source: DocSource, loaded: Loaded, searcher: Searcher | None = None, docnum: int = -1
) -> dict[str, Any]:
    """A document for a new or changed file. Its annotation fields come from the annotation
    files; without an annotation folder, a changed article keeps what
    ``update_annotations`` gave it."""
    if source.annotations_dir is None and searcher is not None:
        record = record_of(searcher.stored_fields(docnum))
        return make_document(loaded, list(record.note_tags), record.notes, record.notes_stamp)
    return make_document(loaded, *source.notes_of(loaded.article.id))


def _restamped(
    source: DocSource, searcher: Searcher, docnum: int, loaded: Loaded
) -> dict[str, Any]:
    """Same content, new path or stamp: reuse the stored text instead of rendering again.
    The annotation fields are read again like a changed file's: the article is claimed, so
    the annotation pass passes it over, and a note written meanwhile would be lost."""
    record = record_of(searcher.stored_fields(docnum))
    stamp = loaded.stamp
    notes: dict[str, Any] = {}
    if source.annotations_dir is not None:
        tags, text, notes_stamp = source.notes_of(loaded.article.id)
        notes = {"note_tags": tuple(tags), "notes": text, "notes_stamp": notes_stamp}
    return document_from_record(
        record, path=stamp.path, mtime_ns=stamp.mtime_ns, size=stamp.size, **notes
    )


def merge_tiny(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """Merge policy for small updates: fold the many one-document segments together only
    once there are enough of them, and never rewrite the big segments of a full build."""
    tiny = [s for s in segments if s.doc_count_all() < TINY_SEGMENT]
    if len(tiny) < MAX_TINY_SEGMENTS:
        return segments
    for segment in tiny:
        with storage.segment_reader(writer.storage, writer.schema, segment) as reader:
            writer.add_reader(reader)
    return [s for s in segments if s not in tiny]


def apply_plan(writer: SegmentWriter, plan: SyncPlan) -> None:
    """Deletes by document number: the plan was made on the generation the writer holds
    locked, and Whoosh's delete-by-id would open a reader of every segment to find them."""
    for docnum in plan.deletions:
        writer.delete_document(docnum)
    for doc in plan.writes:
        writer.add_document(**doc)
    writer.commit(mergetype=merge_tiny)
