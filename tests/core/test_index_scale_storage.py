"""Segments read through one memory map (mapped_files.py) give what Whoosh's own reader
gives: the same matches, scores and stored records on a real index; pickles longer than the
first slice tried, ints and positions as a file would; an empty file falls back to reads."""

import pickle
import struct
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import FileIndex

from app.core.index import SearchIndex, storage
from app.core.index.mapped_files import SegmentFile
from app.core.library import Library
from tests.core.search_fixtures import bbc_library

QUERIES = ["said", '"prime minister"', "bank*", "title:film", "oil prices", "tag:business"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mapped")
    bbc_library(root / "library", limit=300)
    index = SearchIndex(root / "index", Library(root / "library"), procs=1)
    index.sync()
    index.close()
    return root / "index"


def _results(ix: FileIndex, text: str) -> list[tuple[float, dict[str, object]]]:
    from whoosh.qparser import QueryParser

    with ix.searcher() as searcher:
        query = QueryParser("body", ix.schema).parse(text)
        hits = searcher.search(query, limit=None)
        return [(round(hit.score, 6), dict(hit.fields())) for hit in hits]


@pytest.mark.parametrize("text", QUERIES)
def test_the_mapped_reader_reads_what_whoosh_reads(index_dir: Path, text: str) -> None:
    ours = storage.open_existing(index_dir)
    theirs = FileIndex(FileStorage(str(index_dir), supports_mmap=True))
    assert ours.storage.supports_mmap is False
    found = _results(ours, text)
    assert found and found == _results(theirs, text)


def test_parts_read_pickles_ints_and_positions_as_a_file(tmp_path: Path) -> None:
    big = list(range(20_000))  # far longer than the first slice tried, and its next size
    path = tmp_path / "part.seg"
    head = b"junk"
    body = pickle.dumps(("small", 7), 2) + struct.pack("!i", -42) + pickle.dumps(big, 2) + b"x\n"
    path.write_bytes(head + body + b"tail")
    segment = SegmentFile(open(path, "rb"), name="part.seg")  # noqa: SIM115
    part = segment.subset(len(head), len(body))
    assert part.read_pickle() == ("small", 7)
    assert part.read_int() == -42
    at = part.tell()
    assert part.read_pickle() == big
    assert part.read(1) == b"x" and part.file.readline() == b"\n" and part.read(5) == b""
    part.seek(at)
    assert part.read_pickle() == big
    assert part.get(0, 3) == body[:3]
    part.seek(-2, 2)
    assert part.read() == b"x\n"
    buffer = bytearray(4)
    part.seek(0)
    assert part.file.readinto(buffer) == 4 and bytes(buffer) == body[:4]
    segment.close()
    assert segment.file.closed


def test_a_cut_pickle_is_an_error_not_a_hang(tmp_path: Path) -> None:
    data = pickle.dumps(list(range(500)), 2)
    path = tmp_path / "cut.seg"
    path.write_bytes(data)
    segment = SegmentFile(open(path, "rb"), name="cut.seg")  # noqa: SIM115
    with pytest.raises((EOFError, pickle.UnpicklingError)):
        segment.subset(0, len(data) // 2).read_pickle()
    segment.close()


def test_an_empty_file_is_read_without_a_map(tmp_path: Path) -> None:
    path = tmp_path / "empty.seg"
    path.write_bytes(b"")
    segment = SegmentFile(open(path, "rb"), name="empty.seg")  # noqa: SIM115
    part = segment.subset(0, 0)
    assert isinstance(part, StructFile) and part.read() == b""
    segment.close()
