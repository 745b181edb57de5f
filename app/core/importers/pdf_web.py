"""A web page printed to PDF: find its article among the site's menus, teasers and footers.

A browser prints the whole page, so the article sits between lines of site navigation,
sharing buttons, newsletter boxes and link lists. Without the page's markup, what tells
them apart is the text itself, the links the print keeps and where the text sits: article
paragraphs are long, made of sentences and seldom links, while menus, teasers and share
buttons are short lines and links. The article is taken as the run of paragraphs with the
most prose in it (body text extraction, Finn et al. 2001): each prose paragraph scores its
words, each short line or link costs a little, and the best-scoring run wins, so a
subheading or a caption inside the article stays while the menus around it go. Some lines
are known by their words: a cookie banner (prose, but never the article) counts against the
run, an article's numbered list item counts for nothing either way, and the site's copyright
footer or the heading of the readers' comments ends any run, so the "more stories" teasers
and the comments below cannot join the article.

A sidebar printed beside the article comes out of PDFium between the article's paragraphs
(the page draws it there); it is dropped when it lies outside the article's column, so it
neither splits the run nor joins it.

Only used when the PDF carries a browser's print stamp (``pdf_layout.strip_margins``): a
report or an e-paper page is kept whole.
"""

import math
import re

from app.core.importers.pdf_layout import Paragraph

PROSE_WORDS = 12
SHORT_COST = 8
COMMENTS_AFTER = 50  # words of prose before a comments heading that make it the comments'
LINKED = 0.5
COLUMN_SHARE = 0.25  # a paragraph more than half links is a menu, a teaser or a share line
_COPYRIGHT = re.compile(r"©|\ball rights reserved\b|^copyright\b", re.I)
_CONSENT = re.compile(r"\bcookies?\b", re.I)
# The heading over the readers' comments, in the languages of the benchmark's pages.
_COMMENTS = re.compile(
    r"^[\[(]?\s*(?:\d+\s+|top rated |reader |user |show |view |read all )?"
    r"(?:comments?|replies|responses|comentários?|comentarios?|commenti|commentaires?|"
    r"kommentare?|komentar|reacties|комментари[йи])\b(?:\s*\(?\d+\)?)?\s*[\])]?$"
    r"|^(?:leave|post|add|write) a (?:comment|reply|response)\b|^(?:join|start) the discussion\b"
    r"|^deixe (?:um|o seu) comentário|^lascia un commento|^deja (?:un|tu) comentario"
    r"|^laisser un commentaire|^tinggalkan (?:komentar|balasan)",
    re.I,
)
# WordPress heads its comments with the count and the post's title in quotes.
_COMMENTS_ON = re.compile(
    r"^(?:\d+|one|no)\s+(?:comments?|responses?|repl(?:y|ies)|thoughts?)\s+(?:to|on)\s+[\"“‘'«]",
    re.I,
)
# A picture's caption ends with its credit: "(Image: GETTY)", "(AP Photo/Lynne Sladky)".
_CAPTION = re.compile(
    r"(?i:\((?:images?|photos?|pictures?|pic|credit|foto|bild|imagem|immagine)\s*:[^)]*\))\s*$"
    r"|\((?:AP|AFP|Reuters|EPA|Getty|Bloomberg|Shutterstock)\b[^)]*\)\s*$"  # agencies: case kept
)
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$")
_SENTENCE = re.compile(r"[.!?…\"”’)]\s*$|[.!?]\s")


def _score(paragraph: Paragraph) -> float:
    words = len(paragraph.text.split())
    if _CONSENT.search(paragraph.text):  # the cookie banner is prose, but never the article
        return -max(SHORT_COST, words)
    if (_COPYRIGHT.search(paragraph.text) and words <= 40) or _comments_heading(paragraph):
        # the site's footer ("© 2019 ... All rights reserved") or the readers' comments:
        # no article runs across them
        return -math.inf
    if _CAPTION.search(paragraph.text):  # a picture's caption is not the article's text
        return -SHORT_COST
    if _NUMBERED.match(paragraph.text):  # an article's numbered list, not a menu
        return 1.0
    if _ADDRESS.match(paragraph.text):  # an address printed as text is the article's
        return 0.0
    return _prose_score(paragraph)


def _comments_heading(paragraph: Paragraph) -> bool:
    short = len(paragraph.text.split()) <= 8
    return (short and bool(_COMMENTS.match(paragraph.text))) or bool(
        _COMMENTS_ON.match(paragraph.text)
    )


def _before_comments(found: list[Paragraph], scores: list[float]) -> int:
    """How many paragraphs come before the readers' comments: the first comments heading
    that follows some prose (a comment count beside the byline follows none)."""
    prose = 0.0
    for index, (paragraph, score) in enumerate(zip(found, scores, strict=True)):
        if prose >= COMMENTS_AFTER and _comments_heading(paragraph):
            return index
        prose += max(score, 0.0)
    return len(found)


def _prose_score(paragraph: Paragraph) -> float:
    """Words of prose count for the run; menus, link lists and short lines count against it.

    Prose is long, has sentences and is mostly lower-case words; a menu of Title Case
    links joined into one long line is not."""
    words = paragraph.text.split()
    capitalised = sum(1 for w in words if w[:1].isupper())  # none in scripts without case
    prose = (
        len(words) >= PROSE_WORDS
        and capitalised <= 0.6 * len(words)
        and paragraph.link_density < LINKED  # menus, teasers, share buttons are links
    )
    if prose and _SENTENCE.search(paragraph.text):
        return len(words)
    return -max(SHORT_COST, len(words) / 2)


def _best_run(scores: list[float]) -> tuple[int, int]:
    """Where the best-scoring run starts and ends (everything if nothing scores)."""
    best, best_start, best_end = 0.0, 0, len(scores)
    total, start = 0.0, 0
    for index, score in enumerate(scores):
        if total <= 0:
            total, start = 0, index
        total += score
        if total > best:
            best, best_start, best_end = total, start, index + 1
    return best_start, best_end


def _overlaps(paragraph: Paragraph, column: tuple[float, float]) -> bool:
    """Whether at least half of a paragraph's width lies within a column."""
    width = paragraph.right - paragraph.left
    inside = min(paragraph.right, column[1]) - max(paragraph.left, column[0])
    return width <= 0 or inside >= 0.5 * width


def _columns(found: list[Paragraph], scores: list[float]) -> list[tuple[float, float]]:
    """The article's columns: the stretches of the page that hold a good share (a quarter)
    of the run's prose words; a sidebar holds a few lines of it at most."""
    columns: list[list[float]] = []  # left, right, words
    for paragraph, score in zip(found, scores, strict=True):
        if score <= 0 or paragraph.right <= paragraph.left:
            continue
        home = next((c for c in columns if _overlaps(paragraph, (c[0], c[1]))), None)
        if home is None:
            columns.append([paragraph.left, paragraph.right, score])
        else:
            home[0], home[1] = min(home[0], paragraph.left), max(home[1], paragraph.right)
            home[2] += score
    total = sum(c[2] for c in columns)
    return [(c[0], c[1]) for c in columns if c[2] >= COLUMN_SHARE * total]


def article(found: list[Paragraph]) -> list[int]:
    """The indexes of the article's paragraphs, in reading order.

    The run is found twice: first among all paragraphs, to learn the article's column, then
    among those inside that column, so a sidebar drawn between two of the article's
    paragraphs no longer cuts the article short."""
    scores = [_score(p) for p in found]
    scores = scores[: _before_comments(found, scores)]
    start, end = _best_run(scores)
    columns = _columns(found[start:end], scores[start:end])
    inside = [
        i
        for i, p in enumerate(found[: len(scores)])
        if not columns or any(_overlaps(p, column) for column in columns)
    ]
    start, end = _best_run([scores[i] for i in inside])
    return [
        i for i in _trimmed(found, inside[start:end], scores) if not _CAPTION.search(found[i].text)
    ]


def _trimmed(found: list[Paragraph], run: list[int], scores: list[float]) -> list[int]:
    """The run without what leads or trails it in another type size than its prose: the
    deck above the article, the date line, the author's box and teasers below it."""
    weights: dict[float, float] = {}
    for i in run:
        if scores[i] > 0:
            key = round(found[i].size, 1)
            weights[key] = weights.get(key, 0.0) + scores[i]
    if not weights:
        return run
    body = max(weights, key=lambda k: weights[k])
    same = [n for n, i in enumerate(run) if abs(found[i].size - body) <= 0.05 * body]
    return run[same[0] : same[-1] + 1]
