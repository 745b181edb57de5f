"""What a card says, apart from how it is drawn: its parts, the footer line (when it was
made and changed, and whether its place is certain) and its note's link colour."""

import datetime as dt
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument


def when(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%b %Y %H:%M}"


STATUS_NOTES = {
    "orphan": "Its text changed: this highlight could not be placed.",
    "fuzzy": "Placed by a close match: the text changed.",
}


def footer_text(created: str, modified: str, status: str) -> str:
    """When it was made and changed, after a word on where it sits if that is not certain."""
    text = f"Created {when(created)}"
    if modified and modified[:19] != created[:19]:
        text += f" · edited {when(modified)}"
    note = STATUS_NOTES.get(status)
    return f"{note} {text}" if note else text


def colour_links(document: QTextDocument, colour: str) -> None:
    """Give a note's links the theme's link colour. Markdown takes the application
    palette's when parsed (a default stylesheet only reaches HTML): dark blue on the dark
    card."""
    cursor = QTextCursor(document)
    recolour = QTextCharFormat()
    recolour.setForeground(QColor(colour))
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().isAnchor():
                cursor.setPosition(fragment.position())
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                )
                cursor.mergeCharFormat(recolour)
            fragments += 1
        block = block.next()


@dataclass(frozen=True)
class CardParts:
    quote: str
    tags: list[str]
    note: str
    footer: str
    orphan: bool
    explanation: str = ""  # an orphan's: why, and what its place now reads
