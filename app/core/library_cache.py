"""A disposable snapshot of the library's metadata table, so opening 250,000 articles parses
no YAML and reads no article file.

A row is reused only while its file keeps the same size and modification time (ns); any
other file is parsed again. Bodies are not in it: they stay in the files. It is written
with ``marshal`` (plain values only, so loading it can run no code) into the data folder,
and any problem reading it just means a cold start: the files are the truth.

``marshal`` trusts its input: a garbled length inside it makes ``marshal.loads`` allocate
whatever the length says (one damaged cache took 12.9 GB). So the payload sits behind a
header (magic, format, payload length, BLAKE2b digest) and is handed to ``marshal`` only when
the file is exactly as long as the header says and the digest matches: a damaged, truncated
or foreign file never reaches it, and the next save replaces it.
"""

import contextlib
import hashlib
import marshal
import os
import struct
from pathlib import Path

from app.core.atomic import write_atomic
from app.core.library_table import ArticleTable

FORMAT = 3  # 3: metadata columns without bodies (2 held every article's text)
MAGIC = b"RDMKCACH"
_HEADER = struct.Struct("<8sIQ32s")  # magic, format, payload length, BLAKE2b-256 digest
MAX_PAYLOAD = 4 * 1024**3
"""Beyond any real library (250,000 articles take about 60 MB); a longer claim is damage."""


class LibraryCache:
    """The snapshot file of one library folder (another folder's snapshot is ignored)."""

    def __init__(self, file: Path, root: Path) -> None:
        self.file = file
        self.root = str(root)

    def load(self) -> ArticleTable:
        """The saved table, or an empty one when there is none (or none for this folder)."""
        payload = self._verified_payload()
        if payload is None:
            return ArticleTable()
        try:
            root, plain = marshal.loads(payload)
            if root != self.root:
                return ArticleTable()
            return ArticleTable.from_plain(plain)
        except (EOFError, ValueError, TypeError, AttributeError):
            return ArticleTable()

    def _verified_payload(self) -> bytes | None:
        """The payload, read only after the header vouches for the size, and returned only
        when its digest matches; None for anything else (no file, damage, another format)."""
        try:
            with open(self.file, "rb") as handle:
                header = handle.read(_HEADER.size)
                if len(header) != _HEADER.size:
                    return None
                magic, fmt, length, digest = _HEADER.unpack(header)
                if magic != MAGIC or fmt != FORMAT or length > MAX_PAYLOAD:
                    return None
                if length != os.fstat(handle.fileno()).st_size - _HEADER.size:
                    return None
                payload = handle.read(length)
        except OSError:
            return None
        if len(payload) != length or _digest(payload) != digest:
            return None
        return payload

    def save(self, table: ArticleTable) -> None:
        """Best effort: a data folder we cannot write only costs the next start some time."""
        payload = marshal.dumps((self.root, table.to_plain()))
        header = _HEADER.pack(MAGIC, FORMAT, len(payload), _digest(payload))
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, header + payload)


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=32).digest()
