"""The article model and its file format: YAML front matter followed by a Markdown body."""

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import Node
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from app.core.errors import ReadmarkError

# libyaml's C parser and dumper read and write the same YAML ten times faster; a library of
# 20,000 articles is scanned at every start.


class _PythonParser(Reader, Scanner, Parser):
    """PyYAML's own parser, for a Python built without libyaml."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


_Parser: Any = yaml._yaml.CParser if yaml.__with_libyaml__ else _PythonParser
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Front matter is a handful of short fields (a few hundred characters); these bounds leave
# room for any real article while keeping the work for a hostile block small and linear.
MAX_FRONT_MATTER_CHARS = 64 * 1024
# A library file may hold more: an import keeps a broken block verbatim as a field, and
# YAML quoting can double its length when it is written.
MAX_LIBRARY_FRONT_MATTER_CHARS = 4 * MAX_FRONT_MATTER_CHARS
MAX_FRONT_MATTER_DEPTH = 20
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.DOTALL | re.MULTILINE)
_KNOWN = ("id", "title", "author", "date", "source", "url", "tags", "imported_from")


@dataclass(slots=True)
class Article:
    """One news article. ``body`` is Markdown in the original wording of the source.

    Slots, not a ``__dict__``: a window lists 250,000 of them (about 150 bytes each instead
    of 600), and the library's ``StoredArticle`` leaves ``body`` unset until it is read.
    """

    id: str
    title: str
    body: str
    author: str | None = None
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    imported_from: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def content_hash(self) -> str:
        """Hash of the body alone, so re-imports of the same text are recognised.

        An article with an empty body (a newswire flash is only a headline) is identified by
        its title instead, or every such article would look like a copy of the first one.
        """
        if not self.body.strip():
            return body_hash("\x00title\x00" + self.title)
        return body_hash(self.body)


def body_hash(body: str) -> str:
    normal = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()


def slugify(text: str, max_length: int = 40) -> str:
    """A readable, ASCII, URL-safe id stem; accents folded, cut at a word boundary.

    Short enough to type in the CLI; apostrophes join their word ("week's" -> "weeks").
    """
    joined = re.sub(r"(?<=\w)['’](?=\w)", "", text)
    folded = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "article")


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (raw YAML or None, body). Only a block at the very top counts as front matter."""
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


class FrontMatterError(ValueError):
    """The YAML block at the top of a file is not a valid mapping."""


class FrontMatterRefused(ReadmarkError):
    """Front matter that is valid YAML but could make reading it explode: an alias (the
    "billion laughs" bomb expands a few lines into billions of values), nesting deeper than
    any article needs, or a block far larger than any article's fields."""


class _BoundedLoader(_Parser, SafeConstructor, Resolver):  # type: ignore[misc]
    """libyaml's C parser with PyYAML's composer, refusing aliases and deep nesting.

    The checks sit in the composer, so nothing has been expanded or converted when a block
    is refused; the C loader composes in C, where neither check can be added.
    """

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.anchors: dict[Any, Node] = {}
        self.depth = 0

    get_single_node = Composer.get_single_node
    compose_document = Composer.compose_document
    compose_scalar_node = Composer.compose_scalar_node
    compose_sequence_node = Composer.compose_sequence_node
    compose_mapping_node = Composer.compose_mapping_node

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            raise FrontMatterRefused("YAML aliases (*name) are not accepted in front matter")
        if self.depth >= MAX_FRONT_MATTER_DEPTH:
            raise FrontMatterRefused(
                f"front matter nested deeper than {MAX_FRONT_MATTER_DEPTH} levels"
            )
        self.depth += 1
        try:
            node = Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1
        return node


def _bounded_int(loader: _BoundedLoader, node: yaml.ScalarNode) -> Any:
    """An integer that Python can also print: a 5,000-digit hexadecimal one is read, but
    writing the article back (decimal) would then raise."""
    if len(node.value) > 100:
        raise ValueError(f"a number of {len(node.value):,} digits")
    return loader.construct_yaml_int(node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _bounded_int)


def parse_front_matter(raw: str, limit: int = MAX_FRONT_MATTER_CHARS) -> dict[str, Any]:
    """The fields of a front matter block of at most ``limit`` characters.

    Raises FrontMatterRefused for a block that is too large, deep or aliased (checked before
    any value is built) and FrontMatterError for anything else YAML cannot give a mapping
    for, including values YAML reads but Python cannot hold (``date: 2024-13-45``, an integer
    of 5,000 digits).
    """
    if len(raw) > limit:
        raise FrontMatterRefused(
            f"front matter of {len(raw):,} characters (the limit is {limit:,})"
        )
    loader = _BoundedLoader(raw)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise FrontMatterError(f"broken YAML front matter{where}") from exc
    except (ValueError, OverflowError) as exc:
        raise FrontMatterError(f"unreadable value in YAML front matter ({exc})") from exc
    finally:
        loader.dispose()
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of fields")
    return data


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _as_tags(value: Any) -> list[str]:
    """Tags from a list or a comma-separated string; only plain values (not nested lists or
    mappings) can be tags."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    plain = (str, int, float, dt.date)
    return [t for t in (str(v).strip() for v in value if isinstance(v, plain)) if t]


def article_from_fields(
    meta: dict[str, Any], body: str, *, fallback_id: str, path: Path | None = None
) -> Article:
    """Build an article from front matter, tolerating missing or odd optional fields."""
    title = _as_text(meta.get("title")) or fallback_id
    raw_id = _as_text(meta.get("id"))
    return Article(
        id=raw_id or fallback_id,
        title=title,
        body=body,
        author=_as_text(meta.get("author")),
        date=_as_date(meta.get("date")),
        source=_as_text(meta.get("source")),
        url=_as_text(meta.get("url")),
        tags=_as_tags(meta.get("tags")),
        imported_from=_as_text(meta.get("imported_from")),
        extra={k: v for k, v in meta.items() if k not in _KNOWN},
        path=path,
    )


def parse_article(text: str, path: Path) -> Article:
    """Read an article file; raises FrontMatterError when its YAML is broken."""
    raw, body = split_front_matter(text)
    meta = parse_front_matter(raw, MAX_LIBRARY_FRONT_MATTER_CHARS) if raw is not None else {}
    return article_from_fields(meta, body, fallback_id=slugify(path.stem), path=path)


class _FrontMatterDumper(_Dumper):  # type: ignore[misc]
    """Writes an unset field as ``url:`` rather than ``url: null``, as a person would."""


_FrontMatterDumper.add_representer(
    type(None), lambda dumper, _value: dumper.represent_scalar("tag:yaml.org,2002:null", "")
)


def front_matter(article: Article) -> str:
    """The YAML block for an article, fields in the documented order."""
    fields: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "author": article.author,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "tags": list(article.tags),
        "imported_from": article.imported_from,
    }
    fields.update(article.extra)
    dumped = yaml.dump(
        fields, Dumper=_FrontMatterDumper, allow_unicode=True, sort_keys=False, width=10_000
    )
    return f"---\n{dumped}---\n"


def serialize_article(article: Article) -> str:
    body = article.body if article.body.endswith("\n") else article.body + "\n"
    return front_matter(article) + body
