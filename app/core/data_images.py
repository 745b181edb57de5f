"""Which inline (``data:``) images Readmark shows: the one rule the sanitiser and Qt share.

Only base64 PNG, JPEG, GIF and WebP whose decoded bytes really start with that format's
signature, up to ``MAX_IMAGE_BYTES``. Everything else is refused, because an image decoder is
a program run on the article's bytes: SVG names other files (``<image href="file:///...">``)
that Qt's SVG renderer opens, and an unknown or mislabelled type would reach whichever Qt
plugin claims it. The sanitiser (``app.core.render``) drops refused images, keeping their alt
text; the Qt side (``app.ui.widgets.safe_document``) decodes vetted bytes with the named
format only.
"""

import binascii
import re
from dataclasses import dataclass

MAX_IMAGE_BYTES = 2 * 1024 * 1024
# Base64 grows data by 4/3; a longer payload is refused before anything is decoded.
_MAX_PAYLOAD_CHARS = (MAX_IMAGE_BYTES + 2) // 3 * 4
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),  # and b"WEBP" at offset 8, checked below
}
_MEDIA_TYPES = {"png": "png", "jpeg": "jpeg", "jpg": "jpeg", "gif": "gif", "webp": "webp"}
_HEADER = re.compile(r"data:image/([a-z]+);base64", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f]+")


@dataclass(frozen=True)
class DataImage:
    """A vetted inline image: its format (a Qt/Pillow format name) and its decoded bytes."""

    format: str
    data: bytes


def vetted_data_image(url: str) -> DataImage | None:
    """The image a ``data:`` URL holds, or None when it is not one Readmark will decode."""
    header, comma, payload = url.partition(",")
    match = _HEADER.fullmatch(header.strip())
    if not comma or match is None:
        return None
    kind = _MEDIA_TYPES.get(match.group(1).lower())
    payload = _SPACE.sub("", payload)
    if kind is None or not payload or len(payload) > _MAX_PAYLOAD_CHARS:
        return None
    try:
        data = binascii.a2b_base64(payload, strict_mode=True)
    except (binascii.Error, ValueError):
        return None
    if not data.startswith(_SIGNATURES[kind]) or len(data) > MAX_IMAGE_BYTES:
        return None
    if kind == "webp" and data[8:12] != b"WEBP":
        return None
    return DataImage(kind, data)
