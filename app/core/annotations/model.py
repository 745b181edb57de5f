"""One annotation and its W3C Web Annotation shape (DESIGN.md "Annotation file").

The in-memory ``Annotation`` holds what the user made; ``to_w3c``/``from_w3c`` are the only
place that knows the JSON shape, so the store, the exports and the imports agree on it.
A colour is a CSS class on the target (``hl-yellow``), which the W3C model only allows with an
Annotation-level ``stylesheet`` (model section 4.4), so that stylesheet is always written.
"""

import datetime as dt
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.core.errors import InvalidInput
from app.core.valid_text import check_text

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ARTICLE_URN = "urn:readmark:article:"
COLOURS: dict[str, str] = {
    "yellow": "#ffe680",
    "green": "#b8e6a0",
    "blue": "#a8d0ff",
    "pink": "#ffb3d1",
    "purple": "#d4b8ff",
}
DEFAULT_COLOUR = "yellow"
HIGHLIGHTING, COMMENTING = "highlighting", "commenting"
MAX_NOTE_LENGTH = 100_000
MAX_TAG_LENGTH = 100
# A comma or semicolon would split the tag in the CSV export and the index; a '#' inside would
# end it in Markdown (Obsidian) tags; quotes and control characters break search queries.
_FORBIDDEN_IN_TAG = re.compile(r"[,;#\"\x00-\x1f\x7f]")
_STYLE_CLASS = re.compile(r"\Ahl-([a-z]+)\Z")


def iso_utc(moment: dt.datetime) -> str:
    """UTC, ISO 8601 with milliseconds, so "most recent" orders edits made in one second."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_iso() -> str:
    return iso_utc(dt.datetime.now(dt.UTC))


def new_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def article_urn(article_id: str) -> str:
    return f"{ARTICLE_URN}{article_id}"


def check_colour(colour: str) -> str:
    name = colour.strip().lower()
    if name not in COLOURS:
        raise InvalidInput(f"unknown colour '{colour}'; choose one of {', '.join(COLOURS)}")
    return name


def normalise_tag(raw: str) -> str:
    """The tag as stored: the user's spelling, without a leading '#', inner spaces as '-'.

    A '/' makes a hierarchy (``defence/missile-defence``): each level is cleaned the same
    way and empty levels are dropped, so "defence / missile defence/" is that same tag."""
    levels = check_text(raw, "a tag").strip().lstrip("#").split("/")
    tag = "/".join(filter(None, ("-".join(level.split()) for level in levels)))
    if not tag:
        raise InvalidInput(f"tag '{raw}' is empty")
    bad = _FORBIDDEN_IN_TAG.search(tag)
    if bad:
        raise InvalidInput(
            f"tag '{raw}' contains '{bad.group()}'; tags cannot hold commas, semicolons, "
            "'#' or quotes (give several tags separately)"
        )
    if len(tag) > MAX_TAG_LENGTH:
        raise InvalidInput(f"tag '{raw[:20]}…' is longer than {MAX_TAG_LENGTH} characters")
    return tag


def unique_tags(tags: list[str]) -> list[str]:
    """Tags in the given order, duplicates (ignoring case) dropped, first spelling kept."""
    kept: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            kept.append(tag)
    return kept


def index_fields(tags: Iterable[str], notes: Iterable[str]) -> tuple[list[str], str]:
    """The two index fields an article's annotations give: its tags (one spelling each) and
    its notes as one text. The one rule for a live update (the store, after a change) and
    a sync or rebuild (reading the file): two rules once made the index differ between the
    two paths."""
    return unique_tags([t for t in tags if t.strip()]), "\n\n".join(n for n in notes if n.strip())


def normalise_tags(raw: list[str] | tuple[str, ...]) -> list[str]:
    return unique_tags([normalise_tag(item) for item in raw])


def check_note(note: str) -> str:
    check_text(note, "the note")
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"note has {len(note):,} characters; the limit is {MAX_NOTE_LENGTH:,}")
    return note


@dataclass
class Annotation:
    """A highlight (with tags and a note) on a range of an article, or a note on the whole
    article (``motivation == "commenting"``, no quote, no colour)."""

    id: str
    article_id: str
    created: str
    modified: str
    motivation: str = HIGHLIGHTING
    colour: str | None = DEFAULT_COLOUR
    tags: list[str] = field(default_factory=list)
    note: str = ""
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None

    @property
    def selectors(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        if self.exact is not None:
            found.append(
                {
                    "type": "TextQuoteSelector",
                    "exact": self.exact,
                    "prefix": self.prefix,
                    "suffix": self.suffix,
                }
            )
        if self.start is not None and self.end is not None:
            found.append({"type": "TextPositionSelector", "start": self.start, "end": self.end})
        return found

    def has_tag(self, tag: str) -> bool:
        wanted = tag.strip().lstrip("#").casefold()
        return any(t.casefold() == wanted for t in self.tags)


def to_w3c(annotation: Annotation, source: str | None = None) -> dict[str, Any]:
    """The W3C JSON of an annotation; ``source`` overrides the ``urn:readmark:`` target."""
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in annotation.tags
    ]
    if annotation.note:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/markdown",
                "value": annotation.note,
            }
        )
    target: dict[str, Any] = {"source": source or article_urn(annotation.article_id)}
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": annotation.id,
        "type": "Annotation",
        "motivation": annotation.motivation,
        "created": annotation.created,
        "modified": annotation.modified,
    }
    if annotation.colour:
        rule = f"background-color: {COLOURS[annotation.colour]};"
        data["stylesheet"] = {
            "type": "CssStylesheet",
            "value": f".hl-{annotation.colour} {{ {rule} }}",
        }
        target["styleClass"] = f"hl-{annotation.colour}"
    if body:
        data["body"] = body
    if annotation.selectors:
        target["selector"] = annotation.selectors
    data["target"] = target
    return data


class ShapeError(ValueError):
    """JSON that parses but is not a Readmark annotation; the message names the field."""


def _field(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise ShapeError(f"{where}: field '{key}' is missing or not a {kind.__name__}")
    return value


def _bodies(data: dict[str, Any], where: str) -> tuple[list[str], str]:
    raw = data.get("body", [])
    items = raw if isinstance(raw, list) else [raw]
    tags: list[str] = []
    notes: list[str] = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            raise ShapeError(f"{where}: a body is not a TextualBody with a value")
        if item.get("purpose") == "tagging":
            tags.append(item["value"])
        else:
            notes.append(item["value"])
    return tags, "\n\n".join(notes)


def _selectors(target: dict[str, Any], where: str) -> dict[str, Any]:
    raw = target.get("selector", [])
    items = raw if isinstance(raw, list) else [raw]
    found: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, dict):
            raise ShapeError(f"{where}: a selector is not an object")
        if item.get("type") == "TextQuoteSelector":
            found["exact"] = _field(item, "exact", str, where)
            found["prefix"] = item.get("prefix") if isinstance(item.get("prefix"), str) else ""
            found["suffix"] = item.get("suffix") if isinstance(item.get("suffix"), str) else ""
        elif item.get("type") == "TextPositionSelector":
            start, end = item.get("start"), item.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
                raise ShapeError(f"{where}: TextPositionSelector needs 0 <= start <= end")
            found["start"], found["end"] = start, end
    return found


def from_w3c(data: Any, article_id: str | None = None) -> Annotation:
    """Read one annotation in our W3C shape; raises ShapeError naming what is wrong.

    ``article_id`` is given when the caller already knows the article (the store's file,
    or an import that matched the target's URL); otherwise it comes from the urn target.
    """
    if not isinstance(data, dict):
        raise ShapeError("an annotation is not a JSON object")
    ident = _field(data, "id", str, "annotation")
    where = f"annotation {ident}"
    if data.get("type") != "Annotation":
        raise ShapeError(f"{where}: type is not 'Annotation'")
    target = _field(data, "target", dict, where)
    source = _field(target, "source", str, where)
    if article_id is None:
        if not source.startswith(ARTICLE_URN):
            raise ShapeError(f"{where}: target source '{source}' is not a Readmark article")
        article_id = source[len(ARTICLE_URN) :]
    style = target.get("styleClass")
    colour: str | None = None
    if style is not None:
        matched = _STYLE_CLASS.match(style) if isinstance(style, str) else None
        if not matched or matched.group(1) not in COLOURS:
            raise ShapeError(f"{where}: styleClass '{style}' is not a Readmark colour")
        colour = matched.group(1)
    tags, note = _bodies(data, where)
    motivation = data.get("motivation", HIGHLIGHTING)
    if motivation not in (HIGHLIGHTING, COMMENTING):
        raise ShapeError(f"{where}: motivation '{motivation}' is not highlighting/commenting")
    return Annotation(
        id=ident,
        article_id=article_id,
        created=_field(data, "created", str, where),
        modified=_field(data, "modified", str, where),
        motivation=motivation,
        colour=colour,
        tags=tags,
        note=note,
        **_selectors(target, where),
    )
