"""Bytes of unknown origin to text: UTF-8 first, then detection, never a crash."""

from pathlib import Path

from charset_normalizer import from_bytes

from app.core.errors import ImportFailed


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a known binary signature mean this is not text of any encoding."""
    head = data[:4096]
    signatures = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF")
    return head.startswith(signatures) or b"\x00" in head


def decode_bytes(data: bytes, path: Path | str = "<input>") -> str:
    """Decode text bytes; raises ImportFailed naming ``path`` when they are not text."""
    if looks_binary(data):
        raise ImportFailed(path, "binary file, not text")
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return data.decode("cp1252", errors="replace")
    return data.decode(best.encoding, errors="replace")
