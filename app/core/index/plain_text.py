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
# footnotes, raw HTML and autolinks, attribute lists, tables), backslash escapes (only of
# the characters Markdown and its tables escape: any other backslash is text), and
# character references other than the four plain ones, whose decoding depends on the HTML
# parser. "~" and "^" are text: "extra" has no strike-through or superscript, a footnote
# mark starts with "[", and only "~~~" opening a line is code (41 corpus bodies fewer).
_INLINE = re.compile(r"[`*_\[\]<>{}|]|\\[\\`*_{}\[\]()>#+\-.!|]|&#|&(?!(?:lt|gt|amp|quot);)\w+;")
# Lines that could open a block: indented (code, list continuation), headings, quotes,
# list items, setext underlines and rules, definition lists, "~~~" code fences; and hard
# line breaks (two trailing spaces), looked for separately since an alternative matched at
# every position made the search three times slower.
_BLOCK = re.compile(r"^(?:[ #>+\-=:]|\d+[.)](?: |$)|~~~)", re.MULTILINE)
_ENTITY = re.compile(r"&(lt|gt|amp|quot);")
_ENTITY_CHARS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def fast_plain_text(body: str) -> str | None:
    """``render(body).text`` for a body of plain paragraphs, or None when it has syntax."""
    if (
        not body.replace("\n", "").isprintable()
        or _INLINE.search(body)
        or _BLOCK.search(body)
        or "  \n" in body
        or body.endswith("  ")
    ):
        return None
    text = _ENTITY.sub(lambda m: _ENTITY_CHARS[m.group(1)], body) if "&" in body else body
    # Only spaces and newlines can be whitespace here (everything else is printable), so
    # str.split collapses exactly what the HTML-to-text pass collapses.
    paragraphs = (" ".join(chunk.split()) for chunk in text.split("\n\n"))
    return "\n".join(p for p in paragraphs if p)


def plain_text(body: str) -> str:
    """The text hit positions count in, rendered only when the body needs it."""
    fast = fast_plain_text(body)
    return render(body).text if fast is None else fast
