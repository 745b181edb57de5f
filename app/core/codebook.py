"""The codebook: what each tag means (a Markdown description) and its colour, and the tag
hierarchy that '/' makes (``defence/missile-defence/aegis-ashore``).

Qualitative researchers call tagging "coding" and keep a codebook beside their codes; here it
is one JSON file in the data folder (``codebook.json``), written atomically under a lock so two
processes editing it keep each other's entries. Tags that are used but have no entry simply
have no description; an entry is kept when its tag is no longer used, since the definition
is the user's work.
"""

import contextlib
import fcntl
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from app.core.annotations.files import set_aside
from app.core.annotations.model import COLOURS, check_note, normalise_tag
from app.core.annotations.tag_paths import ancestors as ancestors
from app.core.annotations.tag_paths import is_under as is_under
from app.core.annotations.tag_paths import key as key
from app.core.annotations.tag_paths import levels as levels
from app.core.annotations.tag_paths import moved as moved
from app.core.annotations.tag_paths import parent_of as parent_of
from app.core.atomic import write_atomic
from app.core.errors import CorruptFile, InvalidInput, NotFound, writing_in
from app.core.json_input import BadJson, read_json

CODEBOOK_FILE = "codebook.json"
FORMAT = "readmark-codebook"
VERSION = 1
MAX_CODEBOOK_BYTES = 50 * 1024 * 1024
T = TypeVar("T")
_HEX = re.compile(r"\A#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\Z")


def check_hex_colour(colour: str) -> str:
    """A codebook colour: ``#rrggbb`` (as REFI-QDA writes it) or a Readmark colour name."""
    value = colour.strip()
    if value.lower() in COLOURS:
        return COLOURS[value.lower()]
    if not _HEX.match(value):
        raise InvalidInput(f"colour '{colour}' is neither #rrggbb nor one of {', '.join(COLOURS)}")
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower()


@dataclass(frozen=True)
class Code:
    """One codebook entry: a tag with its definition and colour."""

    name: str
    description: str = ""
    colour: str | None = None


@dataclass
class TreeNode:
    """A level of the tag tree with how many annotations carry it or anything below it."""

    name: str  # the whole path
    label: str  # the last level
    own_count: int = 0
    total: int = 0
    children: list["TreeNode"] = field(default_factory=list)


def build_tree(counts: dict[str, int]) -> list[TreeNode]:
    """The tag hierarchy with counts rolled up to every branch, for the tag library."""
    nodes: dict[str, TreeNode] = {}
    roots: list[TreeNode] = []

    def node(path: str) -> TreeNode:
        found = nodes.get(key(path))
        if found is None:
            found = nodes[key(path)] = TreeNode(path, levels(path)[-1])
            parent = parent_of(path)
            (roots if parent is None else node(parent).children).append(found)
        return found

    for tag, count in counts.items():
        node(tag).own_count += count
        for branch in [*ancestors(tag), tag]:
            node(branch).total += count

    def ordered(items: list[TreeNode]) -> list[TreeNode]:
        for item in items:
            item.children = ordered(item.children)
        return sorted(items, key=lambda n: key(n.label))

    return ordered(roots)


class Codebook:
    """``<data>/codebook.json``: read on each call (it is small), changed under a lock."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / CODEBOOK_FILE
        self.problems: list[CorruptFile] = []

    def codes(self) -> list[Code]:
        """Every entry, sorted by tag; a broken file is set aside (reported) and reads empty."""
        return sorted(self._read().values(), key=lambda c: key(c.name))

    def get(self, tag: str) -> Code:
        return self._read().get(key(normalise_tag(tag)), Code(normalise_tag(tag)))

    def set(self, tag: str, *, description: str | None = None, colour: str | None = None) -> Code:
        """Set a tag's description and/or colour ("" clears either); returns the entry."""
        name = normalise_tag(tag)
        text = None if description is None else check_note(description)
        hex_colour = None if not colour else check_hex_colour(colour)

        def change(codes: dict[str, Code]) -> Code:
            entry = codes.get(key(name), Code(name))
            if text is not None:
                entry = replace(entry, description=text)
            if colour is not None:
                entry = replace(entry, colour=hex_colour)
            codes[key(name)] = entry
            return entry

        return self._change(change)

    def merge(self, incoming: list[Code]) -> int:
        """Add entries (an import): a field given replaces ours, an empty one keeps ours."""

        def change(codes: dict[str, Code]) -> int:
            for code in incoming:
                name = normalise_tag(code.name)
                entry = codes.get(key(name), Code(name))
                codes[key(name)] = Code(
                    entry.name,
                    code.description or entry.description,
                    code.colour or entry.colour,
                )
            return len(incoming)

        return self._change(change)

    def rename_branch(self, old: str, new: str) -> int:
        """Follow a tag rename or merge: entries in the branch move with it; where the target
        already has a description or colour, the target's is kept."""

        def change(codes: dict[str, Code]) -> int:
            moving = [c for c in codes.values() if moved(c.name, old, new) is not None]
            for code in moving:
                del codes[key(code.name)]
            for code in moving:
                name = moved(code.name, old, new) or code.name
                there = codes.get(key(name))
                codes[key(name)] = (
                    Code(name, code.description, code.colour)
                    if there is None
                    else Code(
                        there.name,
                        there.description or code.description,
                        there.colour or code.colour,
                    )
                )
            return len(moving)

        if not self.path.exists():
            return 0
        return self._change(change)

    def remove(self, tag: str) -> None:
        def change(codes: dict[str, Code]) -> None:
            if codes.pop(key(normalise_tag(tag)), None) is None:
                raise NotFound(f"the codebook has no entry for '{tag}'")

        self._change(change)

    # Storage

    def _read(self) -> dict[str, Code]:
        try:
            data = read_json(self.path, max_bytes=MAX_CODEBOOK_BYTES)
            return _parse(data)
        except FileNotFoundError:
            return {}
        except (BadJson, ValueError) as exc:
            with contextlib.suppress(OSError):
                self.problems.append(set_aside(self.path, f"not a Readmark codebook ({exc})"))
            return {}

    def _change(self, change: Callable[[dict[str, Code]], T]) -> T:
        folder = self.path.parent
        with writing_in(folder), self._locked():
            codes = self._read()
            result = change(codes)
            ordered = sorted(codes.values(), key=lambda c: key(c.name))
            write_atomic(self.path, render(ordered))
        return result

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path.with_name(f".{self.path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def render(codes: list[Code]) -> str:
    """The file's text: one entry per tag, fields left out when empty."""
    entries = []
    for code in codes:
        entry: dict[str, str] = {"tag": code.name}
        if code.description:
            entry["description"] = code.description
        if code.colour:
            entry["colour"] = code.colour
        entries.append(entry)
    document = {"format": FORMAT, "version": VERSION, "codes": entries}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _parse(data: object) -> dict[str, Code]:
    """The entries of a codebook document; ValueError naming the field when it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"field 'format' is not '{FORMAT}'")
    raw = data.get("codes")
    if not isinstance(raw, list):
        raise ValueError("field 'codes' is not a list")
    codes: dict[str, Code] = {}
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("tag"), str):
            raise ValueError(f"code #{number} has no 'tag'")
        description, colour = entry.get("description", ""), entry.get("colour")
        if not isinstance(description, str) or not (colour is None or isinstance(colour, str)):
            raise ValueError(f"code #{number}: 'description' or 'colour' is not text")
        try:
            name = normalise_tag(entry["tag"])
            code = Code(name, check_note(description), check_hex_colour(colour) if colour else None)
        except InvalidInput as exc:
            raise ValueError(f"code #{number}: {exc}") from None
        codes[key(name)] = code
    return codes
