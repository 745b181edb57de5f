"""Ways a search index folder is found damaged on disk, shared by the core and CLI tests.

Each kind changes a real, committed Whoosh index the way a crash, a bad disk, a concurrent
process or another version of Readmark left one: the table of contents (TOC) truncated or
zeroed, a half-written later generation of it, segments garbled or gone, the folder replaced
by a file, a TOC in a format or with fields this Readmark does not know.
"""

import random
import shutil
from collections.abc import Callable
from pathlib import Path

from whoosh import fields
from whoosh import index as whoosh_index

from app.core.index.storage import VERSION_FILE


def _toc(index_dir: Path) -> Path:
    return max(index_dir.glob("_MAIN_*.toc"), key=lambda p: int(p.stem.split("_")[-1]))


def truncated_toc(index_dir: Path) -> None:
    toc = _toc(index_dir)
    toc.write_bytes(toc.read_bytes()[:10])


def zeroed_toc(index_dir: Path) -> None:
    toc = _toc(index_dir)
    toc.write_bytes(bytes(toc.stat().st_size))


def half_written_next_toc(index_dir: Path) -> None:
    """A later generation's TOC cut short, as a commit killed mid-write could leave it."""
    toc = _toc(index_dir)
    generation = int(toc.stem.split("_")[-1]) + 1
    (index_dir / f"_MAIN_{generation}.toc").write_bytes(toc.read_bytes()[:40])


def garbage_segments(index_dir: Path) -> None:
    noise = random.Random(7)
    for segment in index_dir.glob("*.seg"):
        segment.write_bytes(noise.randbytes(segment.stat().st_size))


def missing_segment(index_dir: Path) -> None:
    for segment in index_dir.glob("*.seg"):
        segment.unlink()


def folder_is_a_file(index_dir: Path) -> None:
    shutil.rmtree(index_dir)
    index_dir.write_text("not an index\n", encoding="utf-8")


def unknown_toc_format(index_dir: Path) -> None:
    """The TOC of a newer Whoosh format: after three varints and the byte-order mark comes
    the format number, which this Whoosh cannot read."""
    toc = _toc(index_dir)
    raw = bytearray(toc.read_bytes())
    raw[7:11] = (-999).to_bytes(4, "big", signed=True)
    toc.write_bytes(bytes(raw))


def other_schema(index_dir: Path) -> None:
    """A whole, readable index with other fields (a newer Readmark's) under our version."""
    version = (index_dir / VERSION_FILE).read_bytes()
    shutil.rmtree(index_dir)
    index_dir.mkdir()
    schema = fields.Schema(uid=fields.ID(stored=True, unique=True), content=fields.TEXT)
    writer = whoosh_index.create_in(str(index_dir), schema).writer()
    writer.add_document(uid="x", content="hello")
    writer.commit()
    (index_dir / VERSION_FILE).write_bytes(version)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated TOC": truncated_toc,
    "zeroed TOC": zeroed_toc,
    "half-written next TOC": half_written_next_toc,
    "garbage segments": garbage_segments,
    "missing segment": missing_segment,
    "index folder is a file": folder_is_a_file,
    "unknown TOC format": unknown_toc_format,
    "other schema": other_schema,
}
