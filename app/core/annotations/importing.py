"""Reading annotations made elsewhere: our own W3C JSON-LD export, any W3C Web Annotation
JSON, a Readmark annotation file, and Hypothesis API or export JSON.

What can become a Readmark annotation is a text highlight (a TextQuoteSelector) or a note on
a whole page, on an article we can find by its ``urn:readmark:`` id or its URL. Our own
annotations keep their id, times and selectors exactly (a lossless round trip); others are
re-anchored in our plain text, so their positions count our code points. Everything else is
skipped and counted, never a crash; targets we cannot match to an article are reported.
"""

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.core.anchoring import Anchor, anchor, describe
from app.core.annotations.model import (
    ARTICLE_URN,
    COMMENTING,
    DEFAULT_COLOUR,
    HIGHLIGHTING,
    MAX_NOTE_LENGTH,
    Annotation,
    ShapeError,
    from_w3c,
    iso_utc,
    normalise_tag,
    now_iso,
    unique_tags,
)
from app.core.annotations.store import AnnotationStore
from app.core.errors import ImportFailed, InvalidInput, os_reason
from app.core.json_input import BadJson, read_json
from app.core.render import render

MAX_IMPORT_BYTES = 200 * 1024 * 1024


@dataclass
class AnnotationImportReport:
    """What an import did, for one summary line and the details under it."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0
    skipped: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.imported} imported, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.skipped)} skipped (not a text highlight or note), "
            f"{len(self.unmatched)} not matched to an article"
            + (
                f"; {self.orphaned} could not be placed in the text (kept as orphans)"
                if self.orphaned
                else ""
            )
        )


def _load(path: Path) -> Any:
    """The file's JSON; every way it can fail is one ImportFailed line naming the file."""
    try:
        return read_json(path, max_bytes=MAX_IMPORT_BYTES)
    except OSError as exc:
        raise ImportFailed(path, f"cannot read: {os_reason(exc)}") from None
    except BadJson as exc:
        raise ImportFailed(path, str(exc)) from None


def _is_hypothesis(item: Any) -> bool:
    return isinstance(item, dict) and "uri" in item and "type" not in item


def _items(data: Any) -> list[Any]:
    """The annotations inside any of the container shapes we accept."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return [data]
    if isinstance(data.get("rows"), list):  # the Hypothesis search API
        return list(data["rows"])
    if "export_date" in data and isinstance(data.get("annotations"), list):  # client export
        return list(data["annotations"])
    if data.get("format") == "readmark-annotations" and isinstance(data.get("annotations"), list):
        article = data.get("article")
        return [
            {**item, "target": {**item["target"], "source": f"{ARTICLE_URN}{article}"}}
            if isinstance(item, dict) and isinstance(item.get("target"), dict)
            else item
            for item in data["annotations"]
        ]
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first")
        return _items(first) if isinstance(first, dict) else []
    if kind == "AnnotationPage":
        items = data.get("items")
        return items if isinstance(items, list) else []
    return [data]


def _utc(value: Any) -> str | None:
    """A timestamp in our form (UTC, Z), or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return iso_utc(parsed)


def _selectors(target: Any) -> list[dict[str, Any]]:
    """The target's selectors, with those nested in ``refinedBy`` (a quote inside a
    fragment, model 4.2.9) flattened in."""
    raw = target.get("selector", []) if isinstance(target, dict) else []
    pending = list(raw) if isinstance(raw, list) else [raw]
    found: list[dict[str, Any]] = []
    while pending and len(found) < 100:
        selector = pending.pop(0)
        if isinstance(selector, dict):
            found.append(selector)
            pending.append(selector.get("refinedBy"))
    return found


class _Importer:
    def __init__(self, store: AnnotationStore) -> None:
        self.store = store
        self.library = store.library
        self.by_url = {a.url.rstrip("/"): a.id for a in self.library if a.url}
        self.report = AnnotationImportReport()
        self.ready: list[Annotation] = []
        self._texts: dict[str, str] = {}
        self._anchors: dict[tuple[str, str], Anchor] = {}

    def anchored(self, article_id: str, selectors: list[dict[str, Any]]) -> tuple[str, Anchor]:
        """The article's text and where the selectors fall in it, each worked out once per
        import: an export may hold the same passage many times, and a quote that is not in
        the text costs a fuzzy search of the whole article (tens of milliseconds)."""
        if article_id not in self._texts:
            self._texts[article_id] = render(self.library.get(article_id).body).text
        text = self._texts[article_id]
        key = (article_id, json.dumps(selectors, sort_keys=True))
        if key not in self._anchors:
            self._anchors[key] = anchor(text, selectors)
        return text, self._anchors[key]

    def article_for(self, source: Any) -> str | None:
        if not isinstance(source, str):
            return None
        if source.startswith(ARTICLE_URN):
            found = source[len(ARTICLE_URN) :]
            return found if found in self.library else None
        return self.by_url.get(source.rstrip("/"))

    def add(self, item: Any, where: str) -> None:
        if _is_hypothesis(item):
            self.add_hypothesis(item, where)
            return
        if not isinstance(item, dict) or item.get("type") not in ("Annotation", ["Annotation"]):
            self.report.skipped.append(f"{where}: not a W3C Annotation")
            return
        targets = item.get("target")
        target = next(
            (t for t in (targets if isinstance(targets, list) else [targets]) if t is not None),
            None,
        )
        source = target.get("source") if isinstance(target, dict) else target
        quote = next((s for s in _selectors(target) if s.get("type") == "TextQuoteSelector"), None)
        if quote is None and not (isinstance(target, str) or item.get("motivation") == COMMENTING):
            self.report.skipped.append(f"{where}: not a text highlight")
            return
        article_id = self.article_for(source)
        if article_id is None:
            self.report.unmatched.append(f"{where}: no article for {source!r}")
            return
        try:
            ours = from_w3c(item, article_id)
        except ShapeError:
            self.add_foreign(item, article_id, quote, where)
            return
        if _utc(ours.created) is None or _utc(ours.modified) is None:
            self.add_foreign(item, article_id, quote, where)  # keeps what we store valid W3C
        else:
            self.ready.append(ours)

    def add_foreign(
        self, item: dict[str, Any], article_id: str, quote: dict[str, Any] | None, where: str
    ) -> None:
        bodies = item.get("body", item.get("bodyValue", []))
        tags: list[str] = []
        notes: list[str] = []
        for body in bodies if isinstance(bodies, list) else [bodies]:
            value = body if isinstance(body, str) and "bodyValue" in item else None
            if isinstance(body, dict) and isinstance(body.get("value"), str):
                value = body["value"]
                if body.get("purpose") == "tagging":
                    tags.append(value)
                    continue
            if value:
                notes.append(value)
        ident = item.get("id")
        self.keep_made(
            article_id,
            ident if isinstance(ident, str) else None,
            quote,
            _selectors(item.get("target")),
            tags,
            "\n\n".join(notes),
            (_utc(item.get("created")), _utc(item.get("modified"))),
            where,
        )

    def add_hypothesis(self, row: dict[str, Any], where: str) -> None:
        targets = row.get("target")
        target = targets[0] if isinstance(targets, list) and targets else {}
        article_id = self.article_for(row.get("uri")) or self.article_for(
            target.get("source") if isinstance(target, dict) else None
        )
        if article_id is None:
            self.report.unmatched.append(f"{where}: no article for {row.get('uri')!r}")
            return
        selectors = _selectors(target)
        quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
        raw_text = row.get("text")
        text = raw_text if isinstance(raw_text, str) else ""
        if quote is None and not text.strip():
            self.report.skipped.append(f"{where}: neither a highlight nor a note")
            return
        raw_tags = row.get("tags")
        ident = row.get("id")
        self.keep_made(
            article_id,
            f"hypothesis:{ident}" if isinstance(ident, str) else None,
            quote,
            [s for s in selectors if s.get("type") == "TextQuoteSelector"],
            [t for t in raw_tags if isinstance(t, str)] if isinstance(raw_tags, list) else [],
            text,
            (_utc(row.get("created")), _utc(row.get("updated"))),
            where,
        )

    def keep_made(
        self,
        article_id: str,
        ident: str | None,
        quote: dict[str, Any] | None,
        selectors: list[dict[str, Any]],
        raw_tags: list[str],
        note: str,
        times: tuple[str | None, str | None],
        where: str,
    ) -> None:
        """Build an annotation from foreign parts; a stable id makes re-imports idempotent."""
        tags: list[str] = []
        for raw in raw_tags:
            try:
                tags.append(normalise_tag(raw))
            except InvalidInput as exc:
                self.report.skipped.append(f"{where}: tag dropped: {exc}")
        if ident is None or not ident.startswith("urn:uuid:"):
            seed = ident or json.dumps([article_id, quote, note], sort_keys=True)
            ident = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"
        created = times[0] or now_iso()
        made = Annotation(
            id=ident,
            article_id=article_id,
            created=created,
            modified=times[1] or created,
            motivation=HIGHLIGHTING if quote else COMMENTING,
            colour=DEFAULT_COLOUR if quote else None,
            tags=unique_tags(tags),
            note=note[:MAX_NOTE_LENGTH],
        )
        if quote is not None:
            exact = quote.get("exact")
            if not isinstance(exact, str) or not exact:
                self.report.skipped.append(f"{where}: TextQuoteSelector without text")
                return
            text, found = self.anchored(article_id, selectors)
            if found.start is not None and found.end is not None:
                q, p = describe(text, found.start, found.end)
                made = replace(
                    made,
                    exact=q["exact"],
                    prefix=q["prefix"],
                    suffix=q["suffix"],
                    start=p["start"],
                    end=p["end"],
                )
            else:
                self.report.orphaned += 1
                prefix, suffix = quote.get("prefix"), quote.get("suffix")
                made = replace(
                    made,
                    exact=exact,
                    prefix=prefix if isinstance(prefix, str) else "",
                    suffix=suffix if isinstance(suffix, str) else "",
                )
        self.ready.append(made)


def import_annotations(path: Path, store: AnnotationStore) -> AnnotationImportReport:
    """Import every annotation in ``path`` it can; raises ImportFailed only when the file
    itself cannot be read (as JSON, or as a REFI-QDA ``.qdc``/``.qdpx`` by its name)."""
    if path.suffix.lower() in (".qdc", ".qdpx"):
        from app.core.export.refi_qda_read import import_refi_qda  # it builds on this module

        return import_refi_qda(path, store)
    data = _load(path)
    importer = _Importer(store)
    items = [data] if _is_hypothesis(data) else _items(data)
    for number, item in enumerate(items, start=1):
        ident = item.get("id") if isinstance(item, dict) else None
        importer.add(item, f"{path.name} #{number}" + (f" ({ident})" if ident else ""))
    report = importer.report
    existing = {a.id: a for a in store.all()}
    changed: list[Annotation] = []
    for annotation in {a.id: a for a in importer.ready}.values():
        before = existing.get(annotation.id)
        if before == annotation:
            report.unchanged += 1
            continue
        if before is not None and before.article_id != annotation.article_id:
            report.skipped.append(f"{annotation.id}: already on article '{before.article_id}'")
            continue
        if before is None:
            report.imported += 1
        else:
            report.updated += 1
        changed.append(annotation)
    store.save_all(changed)
    return report
