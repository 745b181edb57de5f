"""The one resource policy for every rich text the window shows: nothing behind the user's back.

Qt's rich text loads what the text names: ``<img src>``, Markdown ``![](...)``, CSS
``background-image``, ``<link rel=stylesheet>``, and the files an SVG image refers to. Left to
itself, ``QTextDocument.loadResource`` reads local files (absolute, ``file:`` and paths
relative to the working directory) and ``qrc:``, and when it gets nothing Qt's image handler
reads ``src`` from disk anyway. So:

* every ``QTextDocument`` the app makes is a ``SafeDocument`` and every ``QTextBrowser`` a
  ``SafeBrowser``: their ``loadResource`` answers ``safe_resource`` and nothing else, so only
  vetted inline images load (``app.core.data_images``), decoded as their named format, and
  any other image is a blank stand-in (a blank, not nothing: nothing lets Qt read the file);
* a ``QLabel`` or a tooltip cannot take a policy (its document is private), so user text goes
  into labels as ``Qt.TextFormat.PlainText`` and into tooltips and dialog texts through
  ``shown_as_typed``, which leaves no tag for Qt to load.
"""

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QImage, QImageReader, Qt, QTextDocument
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget

from app.core.data_images import vetted_data_image

IMAGE_RESOURCE = QTextDocument.ResourceType.ImageResource.value
# Pixels a vetted image may decode to (a tiny PNG can claim 100,000 x 100,000).
ALLOCATION_LIMIT_MB = 64


def safe_resource(kind: int, name: QUrl | str) -> QImage | None:
    """What any document the app makes may load: a vetted inline image, else a blank image
    for an image and nothing at all for a stylesheet or any other kind."""
    if kind != IMAGE_RESOURCE:
        return None
    url = QUrl(name)
    image = _decode(url.toString()) if url.scheme().lower() == "data" else None
    if image is None:
        image = QImage(1, 1, QImage.Format.Format_ARGB32)
        image.fill(0)
    return image


def _decode(url: str) -> QImage | None:
    vetted = vetted_data_image(url)
    if vetted is None:
        return None
    data = QByteArray(vetted.data)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, vetted.format.encode("ascii"))
    reader.setDecideFormatFromContent(False)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    image = reader.read()
    return None if image.isNull() else image


class SafeDocument(QTextDocument):
    """A ``QTextDocument`` that loads only what ``safe_resource`` allows.

    The override must sit on the document: the base ``loadResource`` reads local files and
    ``qrc:`` whenever its parent's ``loadResource`` answers with nothing.
    """

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        return safe_resource(kind, name)


class SafeBrowser(QTextBrowser):
    """A ``QTextBrowser`` over a ``SafeDocument`` whose own ``loadResource`` obeys the same
    rule (``setSource`` and search paths go through the browser before the document)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setDocument(SafeDocument(self))

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        return safe_resource(kind, name)


def shown_as_typed(text: str) -> str:
    """User text for a place that guesses whether text is rich (a tooltip, a dialog's label):
    unchanged where Qt would show it as plain text, else escaped to rich text that shows it as
    typed (line breaks kept), so no tag in it ever reaches Qt."""
    if not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label for text that may hold user content (titles, tags, file names, messages):
    plain text, because a rich-text label loads the images its text names."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
