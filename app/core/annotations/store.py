"""The annotation store: what the user made, one JSON file per article in the data folder.

Every change is a small function applied under the article's lock to the file as it is on
disk *now* (re-read, change by id, write atomically), so two processes annotating the same
article keep each other's work. After each change ``on_change(article_id, tags, notes)``
tells the search index what the article's annotations say.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from app.core.anchor_set import anchor_all
from app.core.anchoring import Anchor, describe
from app.core.annotations import files, rename
from app.core.annotations.model import (
    COMMENTING,
    Annotation,
    check_colour,
    check_note,
    index_fields,
    new_id,
    normalise_tags,
    now_iso,
)
from app.core.annotations.tag_paths import is_under
from app.core.errors import (
    CorruptFile,
    InvalidInput,
    NotFound,
    ReadmarkError,
    os_reason,
    writing_in,
)
from app.core.ids import is_valid_id
from app.core.library import Library
from app.core.render import render

ChangeListener = Callable[[str, list[str], str], None]
# Many articles' tags and notes at once (article id -> (tags, notes)), for one index commit.
BatchListener = Callable[[dict[str, tuple[list[str], str]]], None]
T = TypeVar("T")
ORPHAN = Anchor(None, None, "orphan")


@dataclass(frozen=True)
class TagCount:
    """A tag as the user spelled it most often, and how many annotations carry it."""

    name: str
    count: int


@dataclass(frozen=True)
class Placed:
    """An annotation with where it sits in its article's current text; ``anchor`` is None
    for a note on the whole article, which has no range to place."""

    annotation: Annotation
    anchor: Anchor | None

    @property
    def is_orphan(self) -> bool:
        return self.anchor is not None and self.anchor.is_orphan

    @property
    def status(self) -> str:
        """The anchor's status, or "note" for a note on the whole article."""
        return "note" if self.anchor is None else self.anchor.status


def article_summary(annotations: list[Annotation]) -> tuple[list[str], str]:
    """The tags (one spelling each) and the notes of an article, as the index stores them."""
    return index_fields((t for a in annotations for t in a.tags), (a.note for a in annotations))


class AnnotationStore:
    """Reads and changes ``<folder>/<article-id>.json``; ``problems`` lists what was set
    aside (``CorruptFile``) or could not be passed on to the index, for the UI's message bar
    and the CLI's warnings."""

    def __init__(
        self,
        folder: Path,
        library: Library,
        on_change: ChangeListener | None = None,
        on_changes: BatchListener | None = None,
    ) -> None:
        self.folder = folder
        self.library = library
        self.on_change = on_change
        self.on_changes = on_changes
        self.problems: list[ReadmarkError] = []
        self._cache: dict[str, tuple[tuple[int, int, int], list[Annotation]]] = {}

    def path_for(self, article_id: str) -> Path:
        return self.folder / files.file_name(article_id)

    # Reading

    def article_ids(self) -> list[str]:
        """Every article that has an annotation file, whether or not it is in the library.
        A ``.json`` file whose name is no valid id (put there by hand) is no article's."""
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.json") if is_valid_id(p.stem))

    def for_article(self, article_id: str) -> list[Annotation]:
        """The article's annotations by position; a broken file is set aside and reported,
        one we cannot read at all (no permission, a folder in its place) reported and left."""
        return sorted(
            map(_copy, self._stored(article_id)),
            key=lambda a: (a.start if a.start is not None else -1, a.created),
        )

    def _stored(self, article_id: str) -> list[Annotation]:
        """The article's annotations as last read from its file (read again when the file
        changed), not copied: only for reading here. A highlight's save and the tag
        library's refresh read every article's, so copying them all each time (5,000
        annotations: 25 ms) was work on a worker beside every landing (issue 11)."""
        path = self.path_for(article_id)
        stamp = files.stamp_of(path)
        if stamp is None:
            return []
        cached = self._cache.get(article_id)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            found = files.read_file(path, article_id)
        except ValueError as broken:
            try:
                with files.locked(path):
                    found = self._read_or_set_aside(path, article_id)
            except OSError as exc:  # a read-only folder: reported, kept, read later
                why = os_reason(exc, writing=True)
                self._report(CorruptFile(path, f"{broken}; not set aside ({why})"))
                return []
        except OSError as exc:
            self._report(_unreadable(path, exc))
            return []
        self._cache[article_id] = (stamp, found)
        return found

    def _every_stored(self) -> Iterator[Annotation]:
        for article_id in self.article_ids():
            yield from self._stored(article_id)

    def all(self) -> list[Annotation]:
        return [a for article_id in self.article_ids() for a in self.for_article(article_id)]

    def get(self, annotation_id: str) -> Annotation:
        for annotation in self._every_stored():
            if annotation.id == annotation_id:
                return _copy(annotation)
        raise NotFound(f"no annotation with id '{annotation_id}'")

    def resolve(self, given: str) -> Annotation:
        """The annotation a user means by ``given``: its id, its id without ``urn:uuid:``,
        or a unique start of either (as git takes a short commit hash)."""
        wanted = given.strip().removeprefix("urn:uuid:")
        if not wanted:
            raise NotFound("no annotation id given")
        found = [a for a in self.all() if a.id.removeprefix("urn:uuid:").startswith(wanted)]
        exact = [a for a in found if a.id.removeprefix("urn:uuid:") == wanted]
        if exact or len(found) == 1:
            return (exact or found)[0]
        if not found:
            raise NotFound(f"no annotation with id '{given}' (see `readmark annotations --json`)")
        raise NotFound(f"'{given}' starts {len(found)} annotation ids; give more of it")

    def placed(self, article_id: str) -> list[Placed]:
        """The article's annotations anchored in its current text (orphans included)."""
        annotations = self.for_article(article_id)
        if article_id not in self.library:
            return [Placed(a, None if a.exact is None else ORPHAN) for a in annotations]
        text = render(self.library.get(article_id).body).text
        # The older of two highlights keeps its place when re-placing would overlap them.
        ranged = sorted((a for a in annotations if a.exact is not None), key=lambda a: a.created)
        anchors = anchor_all(text, [a.selectors for a in ranged])
        found = {id(a): where for a, where in zip(ranged, anchors, strict=True)}
        return [Placed(a, found.get(id(a))) for a in annotations]

    def missing(self) -> dict[str, list[Annotation]]:
        """Annotations kept for articles no longer in the library."""
        return {
            article_id: self.for_article(article_id)
            for article_id in self.article_ids()
            if article_id not in self.library
        }

    def tags(self) -> list[TagCount]:
        """Every tag in the library with its count, most used first; case-insensitive."""
        counts: dict[str, int] = {}
        spellings: dict[str, dict[str, int]] = {}
        for annotation in self._every_stored():
            for tag in annotation.tags:
                key = tag.casefold()
                counts[key] = counts.get(key, 0) + 1
                spelled = spellings.setdefault(key, {})
                spelled[tag] = spelled.get(tag, 0) + 1
        return sorted(
            (
                TagCount(max(spellings[k], key=lambda s: spellings[k][s]), n)
                for k, n in counts.items()
            ),
            key=lambda t: (-t.count, t.name.casefold()),
        )

    def spelled(self, tags: list[str] | tuple[str, ...]) -> list[str]:
        """Typed tags in the spelling the library already uses for them: a tag has one
        display spelling (the first typed, or the one chosen in a rename), so "#POLAND"
        typed later joins "#Poland" instead of showing as a second tag."""
        typed = normalise_tags(tags)
        if not typed:  # a highlight made without tags reads no other article's
            return []
        known = {t.name.casefold(): t.name for t in self.tags()}
        return [known.get(tag.casefold(), tag) for tag in typed]

    def by_tag(self, tag: str) -> list[Annotation]:
        return [_copy(a) for a in self._every_stored() if a.has_tag(tag)]

    def under_tag(self, tag: str) -> list[Annotation]:
        """Annotations with ``tag`` or a tag below it (``defence`` holds
        ``defence/missile``): what the tag library lists, a tag's timeline counts and a
        rename moves, like the ``tag:`` search."""
        return [_copy(a) for a in self._every_stored() if any(is_under(t, tag) for t in a.tags)]

    # Changing

    def create(
        self,
        article_id: str,
        start: int,
        end: int,
        *,
        colour: str = "yellow",
        tags: list[str] | tuple[str, ...] = (),
        note: str = "",
    ) -> Annotation:
        """Highlight ``[start, end)`` of the article's plain text."""
        quote = self._quote_at(article_id, start, end)
        stamp = now_iso()
        annotation = Annotation(
            id=new_id(),
            article_id=article_id,
            created=stamp,
            modified=stamp,
            colour=check_colour(colour),
            tags=self.spelled(tags),
            note=check_note(note),
            exact=quote["exact"],
            prefix=quote["prefix"],
            suffix=quote["suffix"],
            start=start,
            end=end,
        )
        self._change(article_id, lambda current: current.append(annotation))
        return annotation

    def _quote_at(self, article_id: str, start: int, end: int) -> dict[str, Any]:
        """The TextQuoteSelector for ``[start, end)`` of the article's current text."""
        text = render(self.library.get(article_id).body).text
        quote = describe(text, start, end)[0]
        if not text[start:end].strip():
            raise InvalidInput(f"range {start}-{end} holds only whitespace; nothing to highlight")
        return quote

    def reattach(self, article_id: str, annotation_id: str, start: int, end: int) -> Annotation:
        """Attach a highlight (an orphan, usually) to ``[start, end)`` of the current text.

        Only where it points changes: the same id, colour, tags, note and creation time, so
        the note the user wrote follows the words they now choose.
        """
        quote = self._quote_at(article_id, start, end)

        def move(annotation: Annotation) -> Annotation:
            if annotation.exact is None:
                raise InvalidInput("a note on the whole article has no place to re-attach")
            return replace(
                annotation,
                exact=quote["exact"],
                prefix=quote["prefix"],
                suffix=quote["suffix"],
                start=start,
                end=end,
            )

        return self._update(article_id, annotation_id, move)

    def create_note(
        self, article_id: str, note: str, *, tags: list[str] | tuple[str, ...] = ()
    ) -> Annotation:
        """A note on the whole article (W3C motivation "commenting", no range, no colour)."""
        self.library.get(article_id)
        if not note.strip():
            raise InvalidInput("an article note needs some text")
        stamp = now_iso()
        annotation = Annotation(
            id=new_id(),
            article_id=article_id,
            created=stamp,
            modified=stamp,
            motivation=COMMENTING,
            colour=None,
            tags=self.spelled(tags),
            note=check_note(note),
        )
        self._change(article_id, lambda current: current.append(annotation))
        return annotation

    def recolour(self, article_id: str, annotation_id: str, colour: str) -> Annotation:
        name = check_colour(colour)
        return self._update(article_id, annotation_id, lambda a: replace(a, colour=name))

    def set_tags(
        self, article_id: str, annotation_id: str, tags: list[str] | tuple[str, ...]
    ) -> Annotation:
        clean = self.spelled(tags)
        return self._update(article_id, annotation_id, lambda a: replace(a, tags=clean))

    def set_note(self, article_id: str, annotation_id: str, note: str) -> Annotation:
        clean = check_note(note)
        return self._update(article_id, annotation_id, lambda a: replace(a, note=clean))

    def delete(self, article_id: str, annotation_id: str) -> Annotation:
        """Remove an annotation and return it, so an undo can ``restore`` it as it was."""
        return self._change(
            article_id, lambda current: current.pop(_index_of(current, article_id, annotation_id))
        )

    def restore(self, annotation: Annotation) -> None:
        """Put an annotation back exactly as given (same id, content and times): undo."""
        self.save_all([annotation])

    def save_all(self, annotations: list[Annotation]) -> int:
        """Add or replace annotations by id (imports); one locked write per article."""
        by_article: dict[str, list[Annotation]] = {}
        for annotation in annotations:
            by_article.setdefault(annotation.article_id, []).append(annotation)
        for article_id, batch in by_article.items():

            def merge(current: list[Annotation], batch: list[Annotation] = batch) -> None:
                index = {a.id: i for i, a in enumerate(current)}
                for annotation in batch:
                    if annotation.id in index:
                        current[index[annotation.id]] = annotation
                    else:
                        index[annotation.id] = len(current)
                        current.append(annotation)

            self._change(article_id, merge)
        return len(annotations)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename (or merge into an existing tag) across the library; returns how many
        annotations changed. Journaled, so a killed rename completes (see rename.py)."""
        return rename.rename_tag(self, old, new)

    def finish_interrupted(self) -> int:
        """Complete a tag rename a killed process left half done (see rename.py)."""
        return rename.finish_interrupted(self)

    def change_many(self, article_ids: list[str], change: Callable[[list[Annotation]], int]) -> int:
        """Apply ``change`` (returning how many annotations it changed) to each article's
        file under its own lock, then tell the index about all of them at once."""
        changed = 0
        summaries: dict[str, tuple[list[str], str]] = {}
        for article_id in article_ids:
            count, current = self._change_quietly(article_id, change)
            changed += count
            if count:
                summaries[article_id] = article_summary(current)
        self._notify_many(summaries)
        return changed

    def _update(
        self, article_id: str, annotation_id: str, edit: Callable[[Annotation], Annotation]
    ) -> Annotation:
        def apply(current: list[Annotation]) -> Annotation:
            i = _index_of(current, article_id, annotation_id)
            current[i] = replace(edit(current[i]), modified=now_iso())
            return current[i]

        return self._change(article_id, apply)

    def _change(self, article_id: str, change: Callable[[list[Annotation]], T]) -> T:
        result, current = self._change_quietly(article_id, change)
        self._notify_many({article_id: article_summary(current)})
        return result

    def _change_quietly(
        self, article_id: str, change: Callable[[list[Annotation]], T]
    ) -> tuple[T, list[Annotation]]:
        """One locked read-change-write; the caller tells the index."""
        path = self.path_for(article_id)
        with writing_in(self.folder), files.locked(path):
            current = self._read_or_set_aside(path, article_id)
            result = change(current)
            files.write_file(path, article_id, current)
            stamp = files.stamp_of(path)
            if stamp is not None:
                self._cache[article_id] = (stamp, [_copy(a) for a in current])
        return result, current

    def _read_or_set_aside(self, path: Path, article_id: str) -> list[Annotation]:
        """Called with the lock held: a file still broken now is set aside, never rewritten;
        one that cannot be read at all stops the change (CorruptFile) before any write."""
        try:
            return files.read_file(path, article_id)
        except ValueError as exc:
            self._report(files.set_aside(path, str(exc)))
            return []
        except OSError as exc:
            raise _unreadable(path, exc) from None

    def _report(self, problem: ReadmarkError) -> None:
        """Each problem once, however often the file is asked for."""
        if all(str(p) != str(problem) for p in self.problems):
            self.problems.append(problem)

    def _notify_many(self, summaries: dict[str, tuple[list[str], str]]) -> None:
        """Tell the index, in one batch when it takes batches."""
        if not summaries:
            return
        try:
            if self.on_changes is not None:
                self.on_changes(summaries)
            elif self.on_change is not None:
                for article_id, (tags, notes) in summaries.items():
                    self.on_change(article_id, tags, notes)
        except ReadmarkError as exc:
            self._report(exc)


def _index_of(current: list[Annotation], article_id: str, annotation_id: str) -> int:
    for i, annotation in enumerate(current):
        if annotation.id == annotation_id:
            return i
    raise NotFound(f"no annotation '{annotation_id}' on article '{article_id}'")


def _unreadable(path: Path, exc: OSError) -> CorruptFile:
    return CorruptFile(path, f"cannot read: {os_reason(exc)}; left as it is")


def _copy(annotation: Annotation) -> Annotation:
    """A copy a caller may change without changing the store's cache (its tags list is its
    own), field for field: a tenth of what ``dataclasses.replace`` costs, which runs the
    constructor again."""
    made: Annotation = object.__new__(Annotation)
    made.__dict__.update(annotation.__dict__)
    made.tags = list(annotation.tags)
    return made
