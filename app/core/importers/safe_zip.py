"""Zip containers (EPUB, .docx, .odt) read with bounded decompression, and their XML read safely.

A zip member's declared size is whatever its writer claims, so sizes are counted while
decompressing: reading stops, and the file is refused, once the members read so far pass
``MAX_UNPACKED_BYTES`` or a member unpacks to more than ``MAX_RATIO`` times its compressed
size (a zip bomb disguised as a document). The ratio is only judged past ``RATIO_FLOOR``
bytes, since a small run of spaces legitimately packs a thousandfold and harms nobody.

XML is parsed with defusedxml: a document that declares entities (billion laughs, external
entities that would read local files) is refused, never expanded, and nothing is fetched.
"""

import io
import zipfile
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from app.core.damaged_files import DAMAGED_ZIP_ERRORS
from app.core.errors import ImportFailed

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 20_000
_CHUNK = 64 * 1024


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def zip_mimetype(data: bytes) -> bytes:
    """The ``mimetype`` member an OpenDocument or EPUB stores first and uncompressed."""
    if not is_zip(data) or len(data) < 30:
        return b""
    name_length = int.from_bytes(data[26:28], "little")
    extra_length = int.from_bytes(data[28:30], "little")
    stored_size = int.from_bytes(data[18:22], "little")
    start = 30 + name_length + extra_length
    if data[30 : 30 + name_length] != b"mimetype" or data[8:10] != b"\x00\x00":
        return b""
    return data[start : start + min(stored_size, 100)].strip()


class SafeZip:
    """One zip archive in memory; every read counts against one shared budget."""

    def __init__(self, data: bytes, name: str, kind: str) -> None:
        self.name = name
        self.kind = kind
        self.unpacked = 0
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self.archive.infolist()
        except (*DAMAGED_ZIP_ERRORS, zipfile.LargeZipFile):
            raise ImportFailed(
                name, f"a damaged or truncated {kind} (its zip index is unreadable)"
            ) from None
        if len(infos) > MAX_MEMBERS:
            raise ImportFailed(
                name, f"a {kind} with {len(infos):,} parts: too many to be a document"
            )
        if any(info.flag_bits & 0x1 for info in infos):
            raise ImportFailed(name, f"an encrypted {kind}: it cannot be read without its password")
        self.members = {info.filename: info for info in infos}

    def has(self, member: str) -> bool:
        return member in self.members

    def read(self, member: str) -> bytes:
        """A member's bytes; refuses the whole file when the budget or the ratio is passed."""
        info = self.members.get(member)
        if info is None:
            raise ImportFailed(self.name, f"a damaged {self.kind}: {member!r} is missing")
        parts: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    self.unpacked += len(chunk)
                    self._check(size, info)
                    parts.append(chunk)
        except ImportFailed:
            raise
        except DAMAGED_ZIP_ERRORS as exc:
            raise ImportFailed(
                self.name, f"a damaged or truncated {self.kind} ({member!r}: {exc})"
            ) from None
        return b"".join(parts)

    def _check(self, size: int, info: zipfile.ZipInfo) -> None:
        if self.unpacked > MAX_UNPACKED_BYTES:
            raise ImportFailed(
                self.name,
                f"unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB: refused as a "
                f"zip bomb, not a {self.kind}",
            )
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportFailed(
                self.name,
                f"{info.filename!r} unpacks to more than {MAX_RATIO} times its packed size: "
                f"refused as a zip bomb, not a {self.kind}",
            )

    def xml(self, member: str) -> Element:
        return parse_xml(self.read(member), member, self.name)


def parse_xml(data: bytes, where: str, name: str) -> Element:
    """An XML document with entity declarations and external references refused."""
    try:
        root: Element = fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise ImportFailed(
            name,
            f"{where} declares XML entities (refused: they could expand without bound "
            "or read other files)",
        ) from None
    except (ParseError, ValueError) as exc:
        raise ImportFailed(name, f"{where} is not well-formed XML ({exc})") from None
    return root


def local(tag: str) -> str:
    """An element's name without its namespace: ``{urn:x}title`` is ``title``."""
    return tag.rsplit("}", 1)[-1]
