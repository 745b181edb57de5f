"""The index writer reads field lengths its own way; the segment must not change."""

import hashlib
from pathlib import Path

from whoosh.filedb.compound import CompoundStorage
from whoosh.writing import CLEAR, SegmentWriter

from app.core.index import storage
from app.core.index.build import DocSource
from app.core.index.writer import IndexWriter
from tests.core.search_fixtures import bbc_library, make_library


def _segment_parts(folder: Path, writer_class: type, docs: list[dict[str, object]]) -> dict:
    ix = storage.create_fresh(folder)
    writer = writer_class(ix)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(mergetype=CLEAR)
    segment = next(folder.glob("*.seg"))
    parts = CompoundStorage(ix.storage.open_file(segment.name))
    return {
        name.split(".", 1)[1]: hashlib.sha1(parts.open_file(name).read()).hexdigest()
        for name in parts._dir
    }


def test_segments_are_byte_for_byte_whooshs(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    bbc_library(tmp_path / "library", 60)
    paths = sorted(library.root.glob("*.md"))
    docs = [doc for _path, doc in DocSource(library.root, None, {}).documents(paths, [])]
    ours = _segment_parts(tmp_path / "ours", IndexWriter, docs)
    whooshs = _segment_parts(tmp_path / "whoosh", SegmentWriter, docs)
    assert len(docs) == len(paths) > 60
    assert {"pst", "trm", "_stored.col", "_body_len.col"} <= set(ours)
    assert ours == whooshs
