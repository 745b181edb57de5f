"""What the reader's document is made of: the header, the body HTML as Qt must see it and the
stylesheet (the document itself is ``app.ui.widgets.safe_document``'s, which loads nothing)."""

import html
import re

from PySide6.QtGui import QColor, QPalette

from app.core.article import Article
from app.ui.themes import Theme

SERIF_FAMILIES = ["Charter", "Georgia", "Source Serif 4", "Noto Serif", "DejaVu Serif", "serif"]


# Two plain patterns (no lookbehind): an article of 60,000 characters takes about 1 ms.
_SPACE_BEFORE_BREAK = re.compile(
    r"[ \t\r\n]+(<br ?/?>|</(?:p|li|h[1-6]|td|th|dt|dd|blockquote|figcaption|caption)>)"
)
_SPACE_AFTER_BR = re.compile(r"(<br ?/?>)[ \t\r\n]+")


def reader_html(body_html: str) -> str:
    """The body as Qt should lay it out, so its text is the core text character for character.

    Qt keeps a space that ends a paragraph or a line, where a browser (and the core text)
    drops it, and turns the newline that ends every code block into an empty line of its own.
    """
    html_text = body_html.replace("\n</code></pre>", "</code></pre>")
    return _SPACE_AFTER_BR.sub(r"\1", _SPACE_BEFORE_BREAK.sub(r"\1", html_text))


def format_date(article: Article) -> str:
    return f"{article.date.day} {article.date:%B %Y}" if article.date else ""


def header_html(article: Article) -> tuple[str, int]:
    """The header above the body and how many blocks it makes in the document."""
    meta = [part for part in (article.author, format_date(article), article.source) if part]
    parts = [f'<h1 class="title">{html.escape(article.title)}</h1>']
    if meta:
        parts.append(f'<p class="meta">{html.escape(" · ".join(meta))}</p>')
    return "".join(parts), len(parts)


def stylesheet(theme: Theme, size: float) -> str:
    """Calm typography: a serif body with room between lines, a quiet header."""
    t = theme
    return (
        f"body {{ color: {t.text}; }}"
        f"p, li, blockquote, dd, dt, td, th, figcaption {{ line-height: 155%; }}"
        f"p {{ margin-top: 0; margin-bottom: {size * 0.9:.0f}px; }}"
        f"h1.title {{ font-size: {size * 1.75:.1f}pt; font-weight: 600; line-height: 125%;"
        f" margin-bottom: {size * 0.5:.0f}px; }}"
        f"p.meta {{ color: {t.muted}; font-size: {size * 0.9:.1f}pt;"
        f" margin-bottom: {size * 2:.0f}px; }}"
        f"h1 {{ font-size: {size * 1.45:.1f}pt; }} h2 {{ font-size: {size * 1.3:.1f}pt; }}"
        f"h3 {{ font-size: {size * 1.15:.1f}pt; }}"
        f"a {{ color: {t.link}; }}"
        f"blockquote {{ color: {t.muted}; margin-left: 18px; }}"
        f"pre, code {{ font-family: monospace; font-size: {size * 0.9:.1f}pt; }}"
    )


def reader_palette(palette: QPalette, theme: Theme) -> QPalette:
    """The page colours (the window's stylesheet may paint the frame; the page is ours)."""
    roles = {
        QPalette.ColorRole.Base: theme.background,
        QPalette.ColorRole.Window: theme.background,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Link: theme.link,
        QPalette.ColorRole.Highlight: theme.selection,
        QPalette.ColorRole.HighlightedText: theme.selection_text,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette
