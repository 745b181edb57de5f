"""The plain text an article is indexed by, without rendering Markdown when there is none.

Hit positions count code points of ``render(body).text``, so the index must hold exactly
that text. Rendering (python-markdown, the sanitiser, the HTML-to-text pass) was a quarter of
a full build's CPU, yet most news bodies are paragraphs of words with no Markdown syntax at
all: for those, the rendered text is the paragraphs with their whitespace collapsed, one per
line. ``fast_plain_text`` recognises such bodies conservatively (any character or line start
that Markdown, its "extra" extensions or HTML could give a meaning sends the body to the
renderer) and the property tests compare it with ``render`` on random and corpus bodies.
"""

import re

from app.core.render import render

# Inline syntax of Markdown and its "extra" extensions (code, emphasis, links and
# footnotes, raw HTML and autolinks, attribute lists, tables) and character references
# other than the four plain ones, whose decoding depends on the HTML parser; looked for
# once backslash escapes are taken out (an escaped character is text). "~" and "^" are
# text: "extra" has no strike-through or superscript, a footnote mark starts with "[", and
# only "~~~" opening a line is code (41 corpus bodies fewer).
_INLINE = re.compile(r"[`*_\[\]<>{}|]|&#|&(?!(?:lt|gt|amp|quot);)\w+;")
# Backslash escapes (only of the characters Markdown and its tables escape: any other
# backslash is text), which the importer writes (``\[``, ``\-``, ``1\.``), and the four
# plain character references: each stands for one character, read left to right as
# Markdown reads them (``\\*`` is an escaped backslash before a bare star).
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!|])|&(lt|gt|amp|quot);")
# Lines that could open a block: indented (code, list continuation), headings, quotes,
# list items, setext underlines and rules, definition lists, "~~~" code fences; and hard
# line breaks (two trailing spaces), looked for separately since an alternative matched at
# every position made the search three times slower.
_BLOCK = re.compile(r"^(?:[ #>+\-=:]|\d+[.)](?: |$)|~~~)", re.MULTILINE)
# A code block as the importer writes one (``markdown_blocks._fenced``): a line of tildes
# alone after a blank line (or first), the code, the same line alone before a blank line (or
# last). A fence's text is the code's text as written, so such bodies need no renderer (the
# importer fences the Reuters tables: 693 corpus bodies). Any other fence is the renderer's.
_FENCED = re.compile(r"(?:\A|(?<=\n\n))(~{3,})\n(.*?)\n\1(?=\n\n|\n?\Z)", re.DOTALL)
_ENTITY_CHARS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def fast_plain_text(body: str) -> str | None:
    """``render(body).text`` for a body of plain paragraphs and code blocks as the importer
    fences them, or None when it has other syntax."""
    if not body.replace("\n", "").isprintable():
        return None
    blocks: list[str] = []
    start = 0
    for fenced in _FENCED.finditer(body) if "~~~" in body else ():
        fence, code = fenced.groups()
        if fence in code or not _paragraphs(body[start : fenced.start()], blocks):
            return None  # a line of the fence inside closes the block early: the renderer's
        blocks += _code_lines(code)
        start = fenced.end()
    if not _paragraphs(body[start:], blocks):
        return None
    return "\n".join(blocks)


def _paragraphs(text: str, blocks: list[str]) -> bool:
    """Add the paragraphs of ``text`` to ``blocks`` as the renderer shows them; False (and
    nothing added) when ``text`` has syntax."""
    if _BLOCK.search(text) or "  \n" in text or text.endswith("  "):
        return False
    if "\\" in text or "&" in text:
        if _INLINE.search(_ESCAPE.sub(".", text)):
            return False
        text = _ESCAPE.sub(_unescaped, text)
    elif _INLINE.search(text):
        return False
    # Only spaces and newlines can be whitespace here (everything else is printable), so
    # str.split collapses exactly what the HTML-to-text pass collapses.
    paragraphs = (" ".join(chunk.split()) for chunk in text.split("\n\n"))
    blocks.extend(p for p in paragraphs if p)
    return True


def _unescaped(match: re.Match[str]) -> str:
    escaped, entity = match.groups()
    return str(escaped) if escaped else _ENTITY_CHARS[entity]


def _code_lines(code: str) -> list[str]:
    """A code block's lines as the renderer shows them: as written, except that a line of
    only spaces is empty (Markdown blanks such lines before parsing) and blank lines at
    either end are dropped; blank lines inside stay."""
    text = "\n".join(line if line.strip(" ") else "" for line in code.split("\n"))
    text = text.strip("\n")
    return text.split("\n") if text else []


def plain_text(body: str) -> str:
    """The text hit positions count in, rendered only when the body needs it."""
    fast = fast_plain_text(body)
    return render(body).text if fast is None else fast
