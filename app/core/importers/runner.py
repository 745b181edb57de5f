"""``import_paths``: files and folders in, new article files out, one report.

Everything runs in the calling thread (the UI calls this from a worker thread), in input
order. Parsing in worker processes was measured and dropped: writing the articles, not
parsing them, is the larger half of the work, so on two shared cores the corpus imported
slower with workers (11.8 s) than without (7.1 s); see docs/benchmarks.md. Progress and
cancel are checked between files, and articles are written in batches of complete files, so
a cancel never leaves a half-written article behind.
"""

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.article import Article
from app.core.errors import os_reason
from app.core.ids import id_problem, shown
from app.core.importers.detect import importable, parse_bytes, read_input
from app.core.importers.draft import Draft
from app.core.importers.feeds import GUID
from app.core.importers.guard import failure_reason
from app.core.importers.not_articles import NotAnArticle, name_reason
from app.core.importers.report import (
    Duplicate,
    ImportedArticle,
    ImportFailure,
    ImportReport,
    Skipped,
)
from app.core.importers.saved_pages import is_page_folder
from app.core.library import Library
from app.core.library_scan import read_once
from app.core.progress import Cancel, Progress
from app.core.valid_text import savable
from app.core.workspace import Workspace

BATCH_SIZE = 500


@dataclass(frozen=True)
class Job:
    """One input file: where it is, how to name it, the folder tags it may get, and whether
    a folder walk found it (then a plain text that is no article is skipped, see
    ``not_articles``; a file the user named is imported whatever it holds)."""

    path: str
    label: str
    name: str
    tags: tuple[str, ...]
    in_folder: bool = False


@dataclass(frozen=True)
class Parsed:
    job: Job
    drafts: list[Draft]
    failures: list[tuple[str, str]]
    skipped: str | None = None  # why a file found in a folder is no article


def parse_job(job: Job) -> Parsed:
    """Read and parse one file; every problem becomes a failure entry, never an exception.

    Reading, detecting and parsing are one guarded call, so whatever any importer (or the
    standard library under it, such as ``html.parser``'s AssertionError) raises for one
    file is that file's failure line and the other files still import.
    """
    path = Path(job.path)
    try:
        data = read_input(path, job.label)
        drafts, bad_records = parse_bytes(data, path.suffix, job.name, job.in_folder)
    except NotAnArticle as exc:
        return Parsed(job, [], [], exc.reason)
    except Exception as exc:
        return Parsed(job, [], [(job.label, failure_reason(exc, job.label))])
    failures = [(f"{job.label}{str(f.path)[len(job.name) :]}", f.reason) for f in bad_records]
    return Parsed(job, drafts, failures)


def _is_cancelled(cancel: Cancel | None) -> bool:
    return cancel is not None and bool(cancel())


def _walk(root: Path, report: ImportReport) -> Iterator[Job]:
    """The importable files of a folder, sorted. The folder's own name and those of its
    sub-folders become the file's tags (``bbc/business/001.txt``: bbc, business). A README
    or a licence is named in the report as skipped (``not_articles``).

    Links inside the folder are never followed: one leading out would import files the
    user did not choose (``/etc``, another home folder), and a loop would never end. A link
    leading out (or nowhere) is named in the report; one leading to something inside the
    folder is passed over quietly, since the walk reads its target where it is. Each real
    folder is read once, so even a bind-mount loop ends.
    """
    top = Path(root.resolve().name)
    inside = os.path.realpath(root)
    found: list[Path] = []
    ignored: list[Path] = []
    papers: list[Skipped] = []  # a README, a licence: about the folder, not articles
    seen: set[tuple[int, int]] = set()
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            entries = read_once(folder, seen)
        except OSError as exc:
            report.failed.append(ImportFailure(folder, f"cannot read folder: {os_reason(exc)}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    _report_link(path, inside, report)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if is_page_folder(path):  # a saved page's pictures and scripts
                        ignored.append(path)
                    else:
                        pending.append(entry.path)
                    continue
            except OSError:
                continue
            if not importable(path):
                ignored.append(path)
                continue
            reason = name_reason(path)
            if reason is not None:
                papers.append(Skipped(str(path), reason))
                continue
            found.append(path)
    report.ignored.extend(sorted(ignored))
    report.skipped.extend(sorted(papers, key=lambda skipped: skipped.source))
    for path in sorted(found):
        name = top / path.relative_to(root)
        yield Job(str(path), str(path), str(name), name.parts[:-1], in_folder=True)


def _report_link(link: Path, inside: str, report: ImportReport) -> None:
    """A link met while walking ``inside``: a report line unless it leads inside."""
    target = os.path.realpath(link)
    if not os.path.exists(target):
        report.failed.append(ImportFailure(str(link), "a link that leads nowhere: not followed"))
    elif os.path.commonpath([target, inside]) != inside:
        report.failed.append(
            ImportFailure(
                str(link), f"a link to {target}, outside the imported folder: not followed"
            )
        )


def collect_jobs(paths: list[Path], report: ImportReport) -> list[Job]:
    jobs: list[Job] = []
    for given in paths:
        if given.is_dir():
            jobs.extend(_walk(given, report))
        else:
            jobs.append(Job(str(given), str(given), given.name, ()))
    return jobs


class _Writer:
    """Turns drafts into library articles: duplicate check, unique ids, batched writes.

    Made and used with the library's write lock held and the library re-read under it, so
    the ids it sees as used and the texts it sees as present include every other import's.
    """

    def __init__(
        self, library: Library, report: ImportReport, folder_tags: bool, keyword_tags: bool
    ) -> None:
        self.library = library
        self.report = report
        self.folder_tags = folder_tags
        self.keyword_tags = keyword_tags
        self.used = library.used_ids()
        self.pending: list[tuple[Article, str, tuple[str, ...]]] = []  # source, warnings
        self.pending_hashes: dict[str, str] = {}
        self.guids: dict[tuple[str | None, str], str] | None = None  # built when first needed

    def _same_item(self, draft: Draft) -> str | None:
        """The article holding the same feed item (its source and guid): a feed imported
        again adds only its new items, even those whose text the outlet has since edited."""
        guid = draft.extra.get(GUID)
        if not isinstance(guid, str):
            return None
        if self.guids is None:
            self.guids = {
                (a.source, a.extra[GUID]): a.id
                for a in self.library
                if isinstance(a.extra.get(GUID), str)
            }
        return self.guids.get((draft.source, guid))

    def take(self, draft: Draft, job: Job, source: str) -> None:
        marked = _make_savable(draft)
        if marked:
            draft.warnings.append(
                f"{source}: bytes that are not text in the {', '.join(marked)} are shown as \ufffd"
            )
        folders = job.tags if self.folder_tags else ()
        keywords = draft.extra.get("keywords") if self.keyword_tags else None
        words = [k for k in keywords if isinstance(k, str)] if isinstance(keywords, list) else []
        tags = list(dict.fromkeys([*draft.tags, *folders, *words]))
        article = Article(
            id="",
            title=draft.title,
            body=draft.body,
            author=draft.author,
            date=draft.date,
            source=draft.source,
            url=draft.url,
            tags=tags,
            imported_from=draft.imported_from,
            extra=draft.extra,
        )
        content_hash = article.content_hash
        existing = self.library.find_by_hash(content_hash)
        existing_id = self._same_item(draft) or (
            existing.id if existing else self.pending_hashes.get(content_hash)
        )
        if existing_id is not None:
            self.report.duplicates.append(Duplicate(source, existing_id))
            return
        warnings = list(draft.warnings)
        wanted = draft.wanted_id
        problem = id_problem(wanted) if wanted else None
        if wanted and problem is None and wanted not in self.used:
            article.id = wanted
        else:
            article.id = self.library.new_id_from(draft.title, self.used)
            if wanted and problem is not None:
                warnings.append(
                    f"id {shown(wanted)} cannot be used ({problem}); imported as '{article.id}'"
                )
            elif wanted:
                warnings.append(f"id '{wanted}' is taken; imported as '{article.id}'")
        self.used.add(article.id)
        self.pending_hashes[content_hash] = article.id
        if self.guids is not None and isinstance(draft.extra.get(GUID), str):
            self.guids[(draft.source, draft.extra[GUID])] = article.id
        self.pending.append((article, source, tuple(warnings)))
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        written = self.library.add_many([article for article, _, _ in self.pending])
        for article, (_, source, warnings) in zip(written, self.pending, strict=True):
            assert article.path is not None
            self.report.imported.append(ImportedArticle(article.id, article.path, source, warnings))
        self.pending = []
        self.pending_hashes = {}


def _savable_value(value: Any) -> Any:
    if isinstance(value, str):
        return savable(value)
    if isinstance(value, list):
        return [_savable_value(v) for v in value]
    if isinstance(value, dict):
        return {_savable_value(k): _savable_value(v) for k, v in value.items()}
    return value


def _make_savable(draft: Draft) -> list[str]:
    """Every text of a draft made storable as UTF-8; the names of the fields that had to be.

    Any importer may hand over a lone surrogate (a mail header or a file name holding bytes
    that are not UTF-8); written as is, it would fail the whole batch at the YAML dump. One
    check here serves every format."""
    changed = []
    for name in ("title", "body", "author", "source", "url", "imported_from", "tags", "extra"):
        value = getattr(draft, name)
        fixed = _savable_value(value)
        if fixed != value:
            setattr(draft, name, fixed)
            changed.append(name.replace("_", " "))
    return changed


def import_paths(
    workspace: Workspace,
    paths: Sequence[Path | str],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    folder_tags: bool = False,
    keyword_tags: bool = False,
) -> ImportReport:
    """Import files and folders (recursively) into the workspace's library.

    ``folder_tags`` tags each file of an imported folder with the names of the folders it
    sits in (``bbc/business/001.txt``: bbc, business) -- only when asked, since a folder name
    often only repeats the source ("reuters21578" on 21,578 articles) and buries the tags
    that tell articles apart. ``keyword_tags`` makes the keywords a page declares (kept in
    the front matter as ``keywords`` either way) its tags, also only when asked: sites tag
    for search engines, not for a researcher's coding.

    ``progress(done, total, current_name)`` is called from the calling thread after each
    file; ``cancel`` (a callable) is polled between files. Never
    raises for bad input: every problem is a line in the report. Runs under the library's
    write lock; while another import holds it, progress says so and cancel still works.
    """
    report = ImportReport()
    jobs = collect_jobs([Path(p) for p in paths], report)
    total = len(jobs)
    if progress:
        progress(0, total, "")
    library = workspace.library

    def waiting() -> None:
        if progress:
            progress(0, total, "waiting for another import into this library")

    with library.writing(lambda: _is_cancelled(cancel), waiting) as held:
        if not held:
            report.cancelled = True
            return report
        library.catch_up()
        _import_jobs(
            jobs, _Writer(library, report, folder_tags, keyword_tags), report, progress, cancel
        )
    return report


def _import_jobs(
    jobs: list[Job],
    writer: _Writer,
    report: ImportReport,
    progress: Progress | None,
    cancel: Cancel | None,
) -> None:
    total = len(jobs)
    results = (parse_job(job) for job in jobs)
    for done, parsed in enumerate(_until_cancelled(results, cancel, report), start=1):
        for source, reason in parsed.failures:
            report.failed.append(ImportFailure(source, reason))
        if parsed.skipped is not None:
            report.skipped.append(Skipped(parsed.job.label, parsed.skipped))
        for draft in parsed.drafts:
            source = parsed.job.label
            if draft.imported_from and draft.imported_from != parsed.job.name:
                source = f"{parsed.job.label}{draft.imported_from[len(parsed.job.name) :]}"
            writer.take(draft, parsed.job, source)
        if progress:
            progress(done, total, parsed.job.name)
    writer.flush()


def _until_cancelled(
    results: Iterator[Parsed], cancel: Cancel | None, report: ImportReport
) -> Iterator[Parsed]:
    while True:
        if _is_cancelled(cancel):
            report.cancelled = True
            return
        try:
            yield next(results)
        except StopIteration:
            return
