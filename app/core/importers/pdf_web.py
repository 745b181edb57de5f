"""A web page printed to PDF: find its article among the site's menus, teasers and footers.

A browser prints the whole page, so the article sits between lines of site navigation,
sharing buttons, newsletter boxes and link lists. Without the page's markup, what tells
them apart is the text itself: article paragraphs are long and made of sentences, site
furniture is short lines. The article is taken as the run of paragraphs with the most
prose in it (body text extraction, Finn et al. 2001): each prose paragraph scores its words,
each short line costs a little, and the best-scoring run wins, so a subheading or a caption
inside the article stays while the menus around it go.

Only used when the PDF carries a browser's print stamp (``pdf_layout.strip_margins``): a
report or an e-paper page is kept whole.
"""

import re

from app.core.importers.pdf_layout import Paragraph

PROSE_WORDS = 12
SHORT_COST = 8
_SENTENCE = re.compile(r"[.!?…\"”’)]\s*$|[.!?]\s")


def _score(paragraph: Paragraph) -> float:
    """Words of prose count for the run; menus, link lists and short lines count against it.

    Prose is long, has sentences and is mostly lower-case words; a menu of Title Case
    links joined into one long line is not."""
    words = paragraph.text.split()
    capitalised = sum(1 for w in words if w[:1].isupper())  # none in scripts without case
    prose = len(words) >= PROSE_WORDS and capitalised <= 0.6 * len(words)
    if prose and _SENTENCE.search(paragraph.text):
        return len(words)
    return -max(SHORT_COST, len(words) / 2)


def article_span(found: list[Paragraph]) -> tuple[int, int]:
    """Where the best-scoring run of paragraphs starts and ends (all of them if none is prose)."""
    best, best_start, best_end = 0.0, 0, len(found)
    total, start = 0.0, 0
    for index, paragraph in enumerate(found):
        if total <= 0:
            total, start = 0, index
        total += _score(paragraph)
        if total > best:
            best, best_start, best_end = total, start, index + 1
    return best_start, best_end
