"""Files that hold many articles, recognised by their content: news-database exports
(LexisNexis, Nexis Uni's Word files go through ``documents``, Factiva), feeds and email.

``detect`` asks ``read_collection`` before the single-article importers; a file named like a
feed or a mailbox whose content is neither is refused with what was expected, so a wrong
extension is one clear line instead of a text import of XML or headers.
"""

from app.core.errors import ImportFailed
from app.core.importers import email_news, factiva, feeds, nexis
from app.core.importers.records import Result
from app.core.text_decode import decode_bytes

FEED_SUFFIXES = {".rss", ".atom", ".xml", ".rdf", ".json"}
COLLECTION_SUFFIXES = FEED_SUFFIXES | email_news.EMAIL_SUFFIXES


# A download of hundreds of documents or a mailbox of years is more than one article.
MAX_EXPORT_BYTES = 200 * 1024 * 1024
# Feeds get less: expat re-reads an unfinished token at each 64 KB chunk feedparser gives
# it, so one huge text node costs quadratic time (50 MB: 19 s). A thousand items with their
# full text take about 5 MB.
MAX_FEED_BYTES = 16 * 1024 * 1024


def size_limit(head: bytes) -> int | None:
    """The size limit of a many-article file, from its first bytes; None for other files."""
    if feeds.looks_like_feed(head):
        return MAX_FEED_BYTES
    exports = (nexis.looks_like_lexisnexis, email_news.looks_like_mbox, factiva.looks_like_factiva)
    return MAX_EXPORT_BYTES if any(looks(head) for looks in exports) else None


def read_collection(data: bytes, suffix: str, name: str) -> Result | None:
    """The articles of a many-article file, or None when ``data`` is no such format."""
    suffix = suffix.lower()
    if email_news.looks_like_mbox(data):
        return email_news.parse_mbox(data, name)
    if feeds.looks_like_feed(data):
        return feeds.parse_feed(data, name)
    if nexis.looks_like_lexisnexis(data):
        return nexis.parse_download(decode_bytes(data, name), name)
    if factiva.looks_like_factiva(data):
        return factiva.parse_export(data, decode_bytes(data, name), name)
    if suffix in email_news.EMAIL_SUFFIXES and email_news.looks_like_email(data):
        return email_news.parse_email(data, name)
    if suffix in COLLECTION_SUFFIXES and data.strip():
        kind = (
            "an email message or an mbox mailbox"
            if suffix in email_news.EMAIL_SUFFIXES
            else "an RSS, Atom or JSON feed"
        )
        raise ImportFailed(name, f"named {suffix} but its content is not {kind}")
    return None
