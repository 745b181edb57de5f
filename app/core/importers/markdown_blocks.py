"""Plain text to Markdown that renders back to the same words.

Importers describe an article as blocks (paragraphs, subheadings, list items, a photo
caption); this module writes them as Markdown. Every character Markdown would read as markup
(a leading ``1.``, ``#``, ``>``, ``-``, emphasis stars and underscores, ``<`` that would start
raw HTML, an ``&`` that would start an entity, brackets of links and footnotes, braces of
attribute lists, backticks and tildes of code) is escaped, so the rendered plain text
(``app.core.render``) keeps every word of the source.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "subheading", "item", "caption", "preformatted"]

# C0 controls except tab and newline, DEL, C1 controls: not text, and Markdown uses
# \x02/\x03 as internal markers.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# ">" as "&gt;" like "<": a bare ">" is no markup mid-line, but it sent 3,739 Reuters
# bodies ("&lt;Trilon Financial Corp>") past the index's plain-text shortcut to the renderer.
_INLINE = re.compile(r"[\\`*_\[\]{}|<>]|&(?=#|[0-9A-Za-z]+;)")
_INLINE_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
_LEADING_MARK = re.compile(r"^([#>+\-=:~])")
_LEADING_ENTITY = {"~": "&#126;", ":": "&#58;", "=": "&#61;"}
_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Normalise line breaks, turn tabs into spaces, drop control characters."""
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    return _CONTROLS.sub("", text)


def one_line(text: str) -> str:
    """Collapse all whitespace, so a block is a single Markdown line and no multi-line
    construct (setext heading, table, definition list, fenced code) can form by accident."""
    return _SPACES.sub(" ", text).strip()


def escape_inline(text: str) -> str:
    """Escape everything that is markup anywhere in a line."""
    return _INLINE.sub(lambda m: _INLINE_ESCAPES.get(m.group(), "\\" + m.group()), text)


def escape_line(text: str) -> str:
    """Escape a whole block line: inline markup plus what is markup only at its start."""
    escaped = escape_inline(one_line(clean_text(text)))
    number = _LEADING_NUMBER.match(escaped)
    if number:
        return f"{number.group(1)}\\{number.group(2)}{escaped[number.end() :]}"
    mark = _LEADING_MARK.match(escaped)
    if mark:
        char = mark.group(1)
        return _LEADING_ENTITY.get(char, "\\" + char) + escaped[1:]
    return escaped


def _fenced(text: str) -> str:
    """A code block keeps tables and listings as laid out; Markdown escapes its text itself.

    Fenced rather than indented, so it cannot be taken for the continuation of a list item;
    the fence is longer than any run of tildes inside, so nothing inside can close it.
    """
    lines = [line.rstrip() for line in clean_text(text).split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return ""
    longest = max((len(run) for run in re.findall(r"~+", "\n".join(lines))), default=0)
    fence = "~" * max(3, longest + 1)
    return "\n".join([fence, *lines, fence])


@dataclass(frozen=True)
class Block:
    """One unit of an article body, in the source's words."""

    kind: BlockKind
    text: str


def to_markdown(blocks: Iterable[Block]) -> str:
    """Blocks as Markdown: blank lines between blocks, list items kept together."""
    lines: list[str] = []
    previous: BlockKind | None = None
    for block in blocks:
        text = _fenced(block.text) if block.kind == "preformatted" else escape_line(block.text)
        if not text:
            continue
        if lines and not (block.kind == "item" and previous == "item"):
            lines.append("")
        if block.kind == "subheading":
            # A heading's closing hashes are markup, so every hash in one is escaped.
            lines.append("## " + re.sub(r"(?<!\\)((?:\\\\)*)#", r"\1\\#", text))
        elif block.kind == "item":
            lines.append(f"- {text}")
        elif block.kind == "caption":
            lines.append(f"*{text}*")
        else:
            lines.append(text)
        previous = block.kind
    return "\n".join(lines) + "\n" if lines else ""
