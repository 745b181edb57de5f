"""A web page printed to PDF: find its article among the site's menus, teasers and footers.

A browser prints the whole page, so the article sits between lines of site navigation,
sharing buttons, newsletter boxes and link lists. Without the page's markup, what tells
them apart is the text itself: article paragraphs are long and made of sentences, site
furniture is short lines. The article is taken as the run of paragraphs with the most
prose in it (body text extraction, Finn et al. 2001): each prose paragraph scores its words,
each short line costs a little, and the best-scoring run wins, so a subheading or a caption
inside the article stays while the menus around it go. Three kinds of line are known by
their words: a cookie banner (prose, but never the article) counts against the run, an
article's numbered list item counts for nothing either way, and the site's copyright footer
ends any run, so the "more stories" teasers below it cannot join the article.

Only used when the PDF carries a browser's print stamp (``pdf_layout.strip_margins``): a
report or an e-paper page is kept whole.
"""

import math
import re

from app.core.importers.pdf_layout import Paragraph

PROSE_WORDS = 12
SHORT_COST = 8
_COPYRIGHT = re.compile(r"©|\ball rights reserved\b|^copyright\b", re.I)
_CONSENT = re.compile(r"\bcookies?\b", re.I)
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")
_SENTENCE = re.compile(r"[.!?…\"”’)]\s*$|[.!?]\s")


def _score(paragraph: Paragraph) -> float:
    if _CONSENT.search(paragraph.text):  # the cookie banner is prose, but never the article
        return -max(SHORT_COST, len(paragraph.text.split()))
    if _COPYRIGHT.search(paragraph.text) and len(paragraph.text.split()) <= 40:
        # the site's footer ("© 2019 ... All rights reserved"): no article runs across it
        return -math.inf
    if _NUMBERED.match(paragraph.text):  # an article's numbered list, not a menu
        return 0.0
    return _prose_score(paragraph)


def _prose_score(paragraph: Paragraph) -> float:
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
