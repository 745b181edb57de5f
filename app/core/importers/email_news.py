"""Email newsletters: ``.eml`` messages and ``.mbox`` mailboxes, one article per message.

Messages are read by the standard library's ``email`` package with ``policy.default`` (MIME
parts, encoded words, quoted-printable and base64 all decoded). The HTML part is read by the
web-page importer, which keeps text only: tracking pixels, remote images and ``cid:``
pictures leave nothing behind; without an HTML part the plain-text part is used. The
subject is the title, the sender (display name, else address) the source, the ``Date``
header the date, and the ``Message-ID`` is kept as the item's guid, so importing a mailbox
again adds only the messages that came since.

An mbox file is split where a line starts with "From " (the standard library's ``mailbox``
reads only from a path, and our input is the bytes ``read_input`` checked); mboxrd's
escaped ">From " lines are restored.
"""

import email
import re
from email import policy
from email.errors import CloseBoundaryNotFoundDefect
from email.message import EmailMessage

from app.core.errors import ImportFailed
from app.core.importers.draft import Draft, has_letters
from app.core.importers.feeds import GUID
from app.core.importers.html_page import parse_html
from app.core.importers.markdown_blocks import Block, one_line, to_markdown
from app.core.importers.plaintext import infer_title, shorten
from app.core.importers.records import Result, read_records

EMAIL_SUFFIXES = {".eml", ".mbox", ".mbx"}
_HEADER = re.compile(rb"^[!-9;-~]{1,76}:", re.M)
_KNOWN_HEADERS = re.compile(rb"^(?:from|subject|date|message-id|mime-version|to):", re.I | re.M)
_MBOX_SEPARATOR = re.compile(rb"(?:\A|(?<=\n))From [^\n]*\n")
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.M)


def looks_like_mbox(head: bytes) -> bool:
    """An mbox starts with its first separator line, then that message's headers."""
    first, _, rest = head.partition(b"\n")
    return first.startswith(b"From ") and _HEADER.match(rest) is not None


def looks_like_email(head: bytes) -> bool:
    """A message starts with header lines, among them at least two of the usual ones."""
    headers = re.split(rb"\r?\n\r?\n", head[:16384], maxsplit=1)[0]
    return _HEADER.match(headers) is not None and len(_KNOWN_HEADERS.findall(headers)) >= 2


def _header(message: EmailMessage, name: str) -> object:
    """A header as the email package parses it, or its raw text when that parser fails.

    Python's header parser (``policy.default``) reads a header when it is asked for, and
    on malformed values it raises its own internal errors (IndexError from
    ``get_obs_local_part`` on a broken address, seen by fuzzing): the raw value still says
    what the sender wrote."""
    try:
        return message.get(name)
    except Exception:  # the stdlib parser's internal errors have no common base
        raw = (str(value) for key, value in message.raw_items() if key.lower() == name)
        return next(raw, None)


def _sender(message: EmailMessage) -> str:
    header = _header(message, "from")
    addresses = getattr(header, "addresses", ())
    if addresses:
        return one_line(addresses[0].display_name or addresses[0].addr_spec)
    return one_line(str(header or ""))


def _content(part: EmailMessage) -> str:
    """A part's text; an unknown or wrong charset is read as UTF-8 with replacements."""
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return text if isinstance(text, str) else ""


def parse_message(data: bytes, where: str) -> Draft:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    if any(isinstance(d, CloseBoundaryNotFoundDefect) for p in message.walk() for d in p.defects):
        raise ImportFailed(where, "the message is cut short: its last MIME part never ends")
    try:
        part = message.get_body(preferencelist=("html", "plain"))
    except (AttributeError, KeyError, TypeError):  # a multipart whose parts are plain text
        raise ImportFailed(
            where, "a damaged MIME message: its parts cannot be told apart"
        ) from None
    if part is None:
        raise ImportFailed(where, "a message with no text or HTML part")
    text = _content(part)  # type: ignore[arg-type]
    body, author = "", None
    if part.get_content_subtype() == "html":
        if has_letters(re.sub(r"<[^<>]*>", "", text)):
            page = parse_html(text, where)
            body, author = page.body, page.author
    else:
        body = to_markdown(Block("paragraph", p) for p in re.split(r"\n\s*\n", text))
    subject = one_line(str(_header(message, "subject") or ""))
    if not has_letters(body) and not has_letters(subject):
        raise ImportFailed(where, "a message with no subject and no text")
    date_header = _header(message, "date")
    when = getattr(date_header, "datetime", None)
    message_id = one_line(str(_header(message, "message-id") or "")).strip("<>")
    return Draft(
        title=shorten(subject, 300) if has_letters(subject) else infer_title(body) or where,
        body=body,
        author=author,
        date=when.date() if when is not None else None,
        source=_sender(message) or None,
        imported_from=where,
        extra={GUID: message_id} if message_id else {},
    )


def parse_email(data: bytes, name: str) -> Result:
    return [parse_message(data, name)], []


def parse_mbox(data: bytes, name: str) -> Result:
    marks = list(_MBOX_SEPARATOR.finditer(data))
    ends = [m.start() for m in marks[1:]] + [len(data)]
    messages = (
        (f"{name}#{n}", _ESCAPED_FROM.sub(rb"\1", data[mark.end() : end]))
        for n, (mark, end) in enumerate(zip(marks, ends, strict=True), start=1)
    )
    return read_records(messages, parse_message, name, "no messages in this mailbox")
