"""Files a folder import passes over because they are not articles, with the reason why.

Collections come with their papers: the Reuters-21578 folder holds its README, category
lists (one name a line), category descriptions and a file of Prolog facts, all ``.txt``;
the BBC folder its README.TXT. Imported, each became a junk "article" that search and the
charts then counted. Two tests decide, both only in a folder walk (a file the user names
is imported whatever it holds):

- the name: README, licence, copying, changelog and the like are about the folder;
- the content of a plain-text file: an article is written in sentences. The share of its
  text in lines that hold a sentence (six words or more and a sentence end) was measured on
  the corpus: at least 0.29 in every BBC article (0.51 in those of ten lines or more), 0.55
  in a LexisNexis text export, at most 0.03 in the Reuters lists, descriptions and data.
  A text is refused below ``MIN_SENTENCE_SHARE`` only when it has ``MIN_LINES`` lines or
  more, so a short note or a one-paragraph article is never judged on too little.

Other formats (HTML, SGML, documents, feeds) carry their own structure, which their
importers check; the content test reads plain text only.
"""

import re
from pathlib import Path

from app.core.errors import ImportFailed


class NotAnArticle(ImportFailed):
    """A file of a folder passed over: the report lists it as skipped, not as failed."""


# The name before its first dot: README.txt, LICENSE-MIT, COPYING.LESSER, CHANGELOG.md.
_PAPERS = re.compile(
    r"^(?P<kind>readme|licen[cs]e|copying|changelog|changes|authors|contributors|"
    r"contributing|notice|install)(?:[._\- ].*)?$",
    re.I,
)
_KINDS = {"licence": "a licence", "license": "a licence", "copying": "a licence"}
# A letter, a sentence end, closing quotes or brackets, then a space or the line's end.
_SENTENCE_END = re.compile(r"[^\W\d_][.!?][\"'”’)\]]*(?=\s|$)")
MIN_SENTENCE_WORDS = 6
MIN_SENTENCE_SHARE = 0.15
MIN_LINES = 10
# One to three words a line, mostly letters, is a list item (an exchange, a country, a
# category code); a short line of quotes, commas and brackets is a record of data.
LIST_ITEM_WORDS = 3
ITEM_LETTER_SHARE = 0.7
LIST_SHARE = 0.8
# The test reads the start of the file: enough lines to judge, cheap on a large one.
HEAD_BYTES = 64 * 1024


def name_reason(path: Path) -> str | None:
    """Why a file is passed over by its name alone, or None."""
    match = _PAPERS.match(path.name)
    if match is None:
        return None
    kind = match.group("kind").lower()
    return f"{_KINDS.get(kind, f'a {kind.upper()} file')}, not an article"


def content_reason(data: bytes) -> str | None:
    """Why a plain-text file is not an article by what it holds, or None.

    Undecodable bytes count as non-sentence text; the importer, not this test, decides the
    encoding of a file that passes.
    """
    text = data[:HEAD_BYTES].decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < MIN_LINES:
        return None
    total = sum(len(line) for line in lines)
    in_sentences = sum(len(line) for line in lines if _holds_sentence(line))
    if in_sentences >= total * MIN_SENTENCE_SHARE:
        return None
    items = sum(1 for line in lines if _is_item(line))
    if items >= len(lines) * LIST_SHARE:
        return "a list of short lines with no sentence, not an article"
    return "data or tables rather than sentences, not an article"


def refuse_non_article(data: bytes, name: str) -> None:
    """Raise NotAnArticle, naming the file, when ``content_reason`` finds one."""
    reason = content_reason(data)
    if reason is not None:
        raise NotAnArticle(name, reason)


def _holds_sentence(line: str) -> bool:
    return len(line.split()) >= MIN_SENTENCE_WORDS and _SENTENCE_END.search(line) is not None


def _is_item(line: str) -> bool:
    if len(line.split()) > LIST_ITEM_WORDS:
        return False
    letters = sum(1 for char in line if char.isalpha() or char == "-")
    return letters >= len(line.replace(" ", "")) * ITEM_LETTER_SHARE
