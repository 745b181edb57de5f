"""Hostile pieces of every importable format, shared by the fuzz tests and the fuzz bench.

An input is built from these pieces, random text and random bytes, with some pieces wrapped
around others (nesting); the bench also mutates real files of each format. Each piece is
something a parser has to get right: a YAML alias bomb, a malformed ``<![`` section, an
entity naming no character, a record cut in half, bytes that are not UTF-8.
"""

import random
from dataclasses import dataclass

BILLION_LAUGHS = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)
ALIAS_BOMB_FRONT_MATTER = f"---\n{BILLION_LAUGHS}tags: *i\ntitle: *i\n---\nA bomb in the tags.\n"


@dataclass(frozen=True)
class Format:
    """One importer's inputs: the file suffix that selects it and its hostile pieces."""

    name: str
    suffix: str
    pieces: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]
    prefix: str = ""


_COMMON = (
    "\x00", "\r\n", "\r", "\u2028", "\x85", "\x0c", "\t", "\ufeff", "\ud7ff", "\U0010ffff",
    "é", "€", "“", "Ω", "Ж", "\u202e", "&amp;", "&#0;", "&#x110000;", "&#99999999999;", "\\",
    "1. ", "# ", "> ", "- ", "* ", "```", "~~~", "---\n", "===\n", "|a|b|\n", "[x]: <y>\n",
    "<", ">", "&", "\n\n", " " * 5, "Blah blah blah.",
)  # fmt: skip

TEXT = Format(
    "plaintext",
    ".txt",
    (
        *_COMMON,
        "date 2024-02-30\n",
        "Published: 2024-07-06 ",
        "By John Smith\n",
        "Jane Doe\n",
        "On Friday, July 5, 2024, ",
        "BBC has learned ",
        "Yesterday (31 February 2024)\n",
        "• item\n",
        "A" * 300,
        "word " * 60 + "\n",
    ),
    (("(", ")"), ('"', '"'), ("\n\n", "\n\n"), ("  ", "\n")),
)

MARKDOWN = Format(
    "markdown",
    ".md",
    (
        *_COMMON,
        BILLION_LAUGHS,
        "tags: *i\n",
        "<<: *a\n",
        "&x ",
        "*x ",
        "a: " + "[" * 2000 + "\n",
        "date: 2024-13-45\n",
        "date: 10000-01-01\n",
        "n: " + "9" * 5000 + "\n",
        "h: 0x" + "f" * 5000 + "\n",
        "f: 1e99999\n",
        "x: !!python/object/apply:os.system [ls]\n",
        "b: !!binary zzz\n",
        "t: !!timestamp 2024-99-99\n",
        "? [a]\n: b\n",
        "? {a: 1}\n: b\n",
        "%YAML 1.1\n",
        "%TAG ! tag:x,2000:\n",
        "--- !!map\n",
        "...\n",
        "id: ../../../tmp/x\n",
        "id: /tmp/x\n",
        "id: .hidden\n",
        "id: a\x00b\n",
        "title: ",
        "tags: [[[a]]]\n",
        "tags: {a: b}\n",
        "tags: a, b, c\n",
        "url: javascript:x\n",
        "\t- x\n",
        "  - ",
        "title: " + "é" * 400 + "\n",
        "'",
        '"',
        "{",
        "}",
        "[",
        "]",
        ": ",
    ),
    (("[", "]"), ("{a: ", "}"), ("- ", "\n"), ("a:\n  ", "\n"), ("---\n", "---\n")),
    prefix="---\n",
)

HTML = Format(
    "html",
    ".html",
    (
        *_COMMON,
        "<![CDA[ x ]]>",
        "<![",
        "<![ ",
        "<![CDATA[",
        "]]>",
        "<!",
        "<!-->",
        "<!-- ",
        "-->",
        "<!DOCTYPE html>",
        "<!DOCTYPE",
        "<?xml version='1.0'?>",
        "<?",
        "</",
        "</>",
        "<p",
        "<a href='",
        "<img src='data:image/svg+xml;base64,PHN2Zz48L3N2Zz4='>",
        "<svg><image href='file:///etc/passwd'/></svg>",
        "<meta name='author' content='",
        "<meta property='article:published_time' content='9999-99-99'>",
        "<time datetime='2024-13-45'>",
        "<div class='byline'>",
        "<span rel=author>",
        "<title>",
        "</title>",
        "<br>",
        "<br/>",
        "<hr>",
        "&nbsp;",
        "&#x0;",
        "&#xD800;",
        "<link rel=canonical href=x>",
        "<h1>",
        "</h1>",
        "<li>",
        "<pre>",
        "</pre>",
        "<ng-x a=b>",
        "<![endif]-->",
        "<!--[if IE]>",
        "<textarea>",
        "<plaintext>",
    ),
    (
        ("<div>", "</div>"),
        ("<p>", "</p>"),
        ("<article>", "</article>"),
        ("<script>", "</script>"),
        ("<b>", "</b>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<header>", "</header>"),
        ("<time>", "</time>"),
        ("<ul><li>", "</ul>"),
        ("<div class=byline>", "</div>"),
        ("<main>", "</main>"),
        ("<svg>", "</svg>"),
    ),
    prefix="<html><body>",
)

REUTERS = Format(
    "reuters",
    ".sgm",
    (
        *_COMMON,
        '<REUTERS NEWID="1">',
        '<REUTERS TOPICS="YES" NEWID="',
        "</REUTERS>",
        "<TEXT>",
        "</TEXT>",
        '<TEXT TYPE="BRIEF">',
        "<TITLE>",
        "</TITLE>",
        "<BODY>",
        "</BODY>",
        "<DATELINE>",
        "</DATELINE>",
        "<DATE>31-FEB-1987 10:00:00.00</DATE>",
        "<DATE>26-FOO-1987</DATE>",
        "<TOPICS><D>",
        "</D></TOPICS>",
        "<D>",
        "</D>",
        "&#3;",
        "&#22;",
        "&#5;",
        "&lt;",
        "&#99999999;",
        "<!DOCTYPE lewis SYSTEM 'lewis.dtd'>",
    ),
    (
        ('<REUTERS NEWID="7">', "</REUTERS>"),
        ("<TEXT>", "</TEXT>"),
        ("<BODY>", "</BODY>"),
        ("<TITLE>", "</TITLE>"),
        ("<PLACES><D>", "</D></PLACES>"),
    ),
    prefix='<REUTERS NEWID="1"><TEXT>',
)

# Document formats (issue 16): built inputs start with the format's magic bytes, so they
# reach its reader; the bench also mutates the real samples in tests/samples.
_DOCUMENT_PIECES = (
    *_COMMON, "PK\x03\x04", "mimetype", "application/epub+zip", "word/document.xml",
    "content.xml", "META-INF/container.xml", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;",
    '<!ENTITY x SYSTEM "file:///etc/passwd">', "%PDF-1.7\n", "obj", "endobj", "stream\n",
    "endstream", "xref\n", "trailer <<>>", "/Encrypt", "/Length 99999999", "{\\rtf1 ",
    "\\par ", "\\u-3000?", "\\'e9", "{\\info{\\title ", "\\outlinelevel1 ", "\\cell ",
    "\\bin99999 ", "\\*\\pict ",
)  # fmt: skip
_DOCUMENT_PAIRS = (("{", "}"), ("<<", ">>"), ("<w:p>", "</w:p>"), ("stream\n", "endstream"))
PDF = Format("pdf", ".pdf", _DOCUMENT_PIECES, _DOCUMENT_PAIRS, prefix="%PDF-1.7\n")
EPUB = Format("epub", ".epub", _DOCUMENT_PIECES, _DOCUMENT_PAIRS, prefix="PK\x03\x04")
DOCX = Format("docx", ".docx", _DOCUMENT_PIECES, _DOCUMENT_PAIRS, prefix="PK\x03\x04")
ODT = Format("odt", ".odt", _DOCUMENT_PIECES, _DOCUMENT_PAIRS, prefix="PK\x03\x04")
RTF = Format("rtf", ".rtf", _DOCUMENT_PIECES, _DOCUMENT_PAIRS, prefix="{\\rtf1\\ansi ")

# Many-article formats (issue 16): news-database exports, feeds, email.
LEXISNEXIS = Format(
    "lexisnexis",
    ".TXT",
    (*_COMMON, "1 of 3 DOCUMENTS\n", "BYLINE: Ann Lee\n", "LENGTH: 9 words\n", "SECTION: ",
     "LOAD-DATE: May 1, 2024\n", "GRAPHIC: ", "Copyright 2024\n", "March 3, 2011 Thursday\n",
     "Edition 1;\n", "DOCUMENTS", "\n\n\n"),
    (("\n\n", "\n\n"), ("   ", "\r\n")),
    prefix="                1 of 2 DOCUMENTS\n\n   The Herald\n\n",
)  # fmt: skip
_FEED_PIECES = (
    *_COMMON, "<item>", "</item>", "<entry>", "</entry>", "<title>", "</title>", "<guid>",
    "</guid>", "<link>", "<![CDATA[", "]]>", "<content:encoded>", "<description>", "&lt;p&gt;",
    "<!DOCTYPE rss [<!ENTITY a 'b'>]>", "&a;", "<pubDate>Tue, 99 May 2024</pubDate>",
    "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>", "</rss>", "</feed>",
)  # fmt: skip
_RSS_OPENING = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
FEED = Format("feed", ".rss", _FEED_PIECES, (("<item>", "</item>"), ("<p>", "</p>")),
              prefix=_RSS_OPENING)  # fmt: skip
ATOM = Format("atom", ".atom", _FEED_PIECES, (("<entry>", "</entry>"), ("<b>", "</b>")),
              prefix='<feed xmlns="http://www.w3.org/2005/Atom">')  # fmt: skip
JSON_FEED = Format(
    "jsonfeed",
    ".json",
    (*_COMMON, '"items": [', '{"id": "1", ', '"content_html": "<p>x</p>"', '"title": ', "null",
     '"date_published": "2024-99-01"', '"authors": [{"name": 1}]', ", ", "]", "}", '"'),
    (("{", "}"), ("[", "]"), ('"', '"')),
    prefix='{"version": "https://jsonfeed.org/version/1.1", "items": [',
)  # fmt: skip
_MAIL_PIECES = (
    *_COMMON, "From: a@b.example\n", "Subject: =?utf-8?b?w6k=?=\n", "Date: Tue, 99 May\n",
    "Content-Type: multipart/alternative; boundary=b\n", "--b\n", "--b--\n",
    "Content-Type: text/html; charset=utf-8\n", "Content-Transfer-Encoding: base64\n",
    "<img src='cid:x'>", "From x\n", ">From y\n", "Message-ID: <m@x>\n", "=C3=\n",
)  # fmt: skip
_MAIL_OPENING = "From: n@x.example\nSubject: s\nDate: Tue, 14 May 2024 07:05:00 +0200\n"
EMAIL = Format("email", ".eml", _MAIL_PIECES, (("<p>", "</p>"), ("--b\n", "--b--\n")),
               prefix=_MAIL_OPENING)  # fmt: skip
MBOX = Format("mbox", ".mbox", _MAIL_PIECES, (("<p>", "</p>"), ("From x\n", "\n")),
              prefix="From z\nFrom: y@x.example\nSubject: s\n")  # fmt: skip
FACTIVA = Format(
    "factiva",
    ".html",
    (*_COMMON, "<div>412 words</div>", "<div>14 May 2024</div>", "<div>English</div>",
     "<div>(c) 2024 FT</div>", "<div>Document FTFT000020240514ek5e0000b</div>", "<p>",
     "</p>", "<div>By Ann</div>"),
    (("<div>", "</div>"), ("<p>", "</p>")),
    prefix="<html><body><div>Headline</div><div>9 words</div>",
)  # fmt: skip

_SAVED_PAGE_PIECES = (
    *_COMMON, "<p>", "</p>", "<![CDA[", "<body class='author-1'>", "data:image/png;base64,AAAA",
    "<script type='application/ld+json'>{\"headline\": [", "<time datetime='2024-05-14T07:05'>",
)  # fmt: skip
MHTML = Format(
    "mhtml",
    ".mhtml",
    (*_SAVED_PAGE_PIECES, "Content-Type: text/html; charset=bogus\n", "=3D", "=\n", "=C3=",
     "Content-Transfer-Encoding: quoted-printable\n", "Content-Transfer-Encoding: base64\n",
     "--b\n", "--b--\n", "Content-Location: https://x.example/\n", "\n\n"),
    (("--b\n", "--b--\n"), ("<p>", "</p>")),
    prefix="From: <Saved by Blink>\nSnapshot-Content-Location: https://x.example/\nMIME-Version:"
    " 1.0\nContent-Type: multipart/related; type=\"text/html\"; boundary=b\n\n--b\n"
    "Content-Type: text/html\n\n",
)  # fmt: skip
WARC = Format(
    "warc",
    ".warc",
    (*_SAVED_PAGE_PIECES, "WARC/1.0\r\n", "WARC-Type: response\r\n", "Content-Length: 10\r\n",
     "Content-Length: 99999999\r\n", "WARC-Target-URI: https://x.example/\r\n", "\r\n\r\n",
     "HTTP/1.1 200 OK\r\n", "Content-Type: text/html\r\n", "Transfer-Encoding: chunked\r\n",
     "Content-Encoding: gzip\r\n", "WARC-Date: 2024-99-14T07:05:00Z\r\n"),
    (("<p>", "</p>"), ("WARC/1.0\r\n", "\r\n\r\n")),
    prefix="WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/\r\n"
    "WARC-Date: 2024-05-14T07:05:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
    "Content-Length: 200\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
)  # fmt: skip

FORMATS = {
    f.name: f
    for f in (TEXT, MARKDOWN, HTML, REUTERS, PDF, EPUB, DOCX, ODT, RTF, LEXISNEXIS, FEED, ATOM,
              JSON_FEED, EMAIL, MBOX, FACTIVA, MHTML, WARC)
}  # fmt: skip
# Single-byte encodings of European news, and UTF-8: text is re-encoded with one of these.
ENCODINGS = ("utf-8", "cp1252", "latin-1", "iso-8859-15", "cp1250", "cp1251", "koi8-r",
             "iso-8859-7", "utf-16")  # fmt: skip


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def random_input(rng: random.Random, fmt: Format, seeds: list[bytes]) -> bytes:
    """One input for the bench: a mutated real file, or one built from pieces."""
    if seeds and rng.random() < 0.5:
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 8)):
            _mutate(rng, data, fmt)
        return bytes(data)
    text = fmt.prefix if rng.random() < 0.7 else ""
    text += _built(rng, fmt, depth=rng.randint(0, 4))
    return encode(text, rng.choice(ENCODINGS))


def _built(rng: random.Random, fmt: Format, depth: int) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(1, 12)):
        roll = rng.random()
        if roll < 0.5:
            parts.append(rng.choice(fmt.pieces))
        elif roll < 0.75:
            parts.append(_words(rng))
        elif depth > 0:
            opening, closing = rng.choice(fmt.pairs)
            parts.append(opening + _built(rng, fmt, depth - 1) + closing)
        else:
            parts.append(rng.randbytes(rng.randint(1, 8)).decode("latin-1"))
    return "".join(parts)


def _words(rng: random.Random) -> str:
    words = ("Markets", "rallied", "on", "Monday", "Zürich", "Genève", "said", "the", "minister")
    return " ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) + rng.choice(".\n ")


def _mutate(rng: random.Random, data: bytearray, fmt: Format) -> None:
    """One random edit: insert a piece, flip, cut, repeat or wrap a range of bytes."""
    at = rng.randint(0, len(data))
    end = min(len(data), at + rng.randint(0, 400))
    kind = rng.randrange(6)
    if kind == 0:
        data[at:at] = encode(rng.choice(fmt.pieces), rng.choice(ENCODINGS[:3]))
    elif kind == 1 and data:
        data[min(at, len(data) - 1)] = rng.randrange(256)
    elif kind == 2:
        del data[at:end]
    elif kind == 3:
        data[at:at] = bytes(data[at:end]) * rng.randint(2, 50)
    elif kind == 4:
        opening, closing = rng.choice(fmt.pairs)
        for _ in range(rng.randint(1, 300)):
            data[end:end] = closing.encode()
            data[at:at] = opening.encode()
    else:
        data[at:at] = rng.randbytes(rng.randint(1, 16))
