"""The index's document tables as columns (doc_columns.py, docinfo.py): rows come back as
they went in (file names that are not UTF-8 included); a damaged, foreign or truncated
table is refused and made again from the stored fields; an old JSON table is converted
without a rebuild; and the table always agrees with the index's own stored records."""

import gc
import io
import json
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.damaged_files import DAMAGED_NUMPY_ERRORS
from app.core.index import SearchIndex
from app.core.index.doc_columns import SegmentColumns
from app.core.index.docinfo import OLD_SIDECAR, SIDECAR, DocInfo, info_of
from app.core.library import Library
from tests.core.search_fixtures import bbc_library

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
NAME = st.one_of(TEXT, st.just("caf\udce9.md"))  # a Latin-1 file name, as Python holds it
ROW = st.tuples(
    TEXT,
    NAME,
    st.integers(0, 800_000),
    st.integers(0, 3000),
    st.one_of(st.none(), TEXT),
    st.lists(TEXT, max_size=4).map(tuple),
    st.integers(0, 2**62),
    st.integers(0, 2**40),
    st.binary(min_size=20, max_size=20).map(bytes.hex),
    st.integers(0, 2**62),
)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(ROW, max_size=12))
def test_rows_come_back_as_they_went_in(rows: list[tuple[object, ...]]) -> None:
    columns = SegmentColumns.of_rows(rows)
    again = SegmentColumns.from_handle(io.BytesIO(columns.to_bytes()))
    assert len(again) == len(rows)
    assert again.rows(np.arange(len(rows)), DocInfo) == rows
    assert again.ids.all() == [r[0] for r in rows]
    if rows:
        assert again.rows(np.array([len(rows) - 1]), DocInfo) == rows[-1:]


@pytest.mark.parametrize(
    "row",
    [
        ("id", "path", 1, 1, None, ("a",), 1, 1, "00" * 19, 0),  # a hash too short
        ("id", "path", 1, 1, 5, ("a",), 1, 1, "00" * 20, 0),  # a source that is a number
        ("id", "path", 1, 1, None, (["a"],), 1, 1, "00" * 20, 0),  # a tag that is a list
        ("id", 3, 1, 1, None, (), 1, 1, "00" * 20, 0),  # a path that is a number
        ("id", "path", "1", 1, None, (), 1, 1, "00" * 20, 0),  # a day that is a text
        ("id", "path"),  # too short
    ],
)
def test_rows_that_are_no_documents_are_refused(row: tuple[object, ...]) -> None:
    with pytest.raises((ValueError, TypeError)):
        SegmentColumns.of_rows([row])


def _table_bytes() -> bytes:
    rows = [("a", "a.md", 5, 1, "BBC", ("x", "y"), 1, 2, "ab" * 20, 0)] * 3
    return SegmentColumns.of_rows(rows).to_bytes()


def _replaced(data: bytes, key: str, value: np.ndarray) -> bytes:
    with np.load(io.BytesIO(data)) as files:
        arrays = {name: files[name] for name in files.files}
    arrays[key] = value
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[: len(d) // 2],  # cut short
        lambda d: d.replace(b"a.md", b"a.mD"),  # a changed byte in the data (zip CRC)
        lambda d: b"garbage",
        lambda d: _replaced(d, "format", np.array([99])),
        lambda d: _replaced(d, "source", np.array([0, 5, 0], dtype=np.int32)),
        lambda d: _replaced(d, "tag_codes", np.array([0, 1, 0, 1, 0, 7], dtype=np.int32)),
        lambda d: _replaced(d, "tag_ends", np.array([2, 1, 6])),
        lambda d: _replaced(d, "id.ends", np.array([1, 2, 9])),
        lambda d: _replaced(d, "day", np.array([5, 5], dtype=np.int32)),
        lambda d: _replaced(d, "size", np.array([2.0, 2.0, 2.0])),
        lambda d: _replaced(d, "sha1", np.zeros((3, 19), dtype=np.uint8)),
    ],
)
def test_a_damaged_table_is_refused(damage) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DAMAGED_NUMPY_ERRORS):
        SegmentColumns.from_handle(io.BytesIO(damage(_table_bytes())))


def test_any_flipped_byte_is_refused_or_changes_nothing() -> None:
    """Bytes outside the arrays (zip headers the reader ignores, the padding of an array's
    header) may flip unnoticed; a flip that changes what is read is always refused (a
    whole pass over every byte found no exception outside DAMAGED_NUMPY_ERRORS)."""
    data = _table_bytes()
    rows = SegmentColumns.from_handle(io.BytesIO(data)).rows(np.arange(3), DocInfo)
    for at in range(0, len(data), 5):  # every fifth byte: 1 s, not 6
        flipped = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
        try:
            again = SegmentColumns.from_handle(io.BytesIO(flipped))
        except DAMAGED_NUMPY_ERRORS:
            continue
        assert again.rows(np.arange(len(again)), DocInfo) == rows, at


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    bbc_library(tmp_path / "library", limit=60)
    SearchIndex(tmp_path / "index", Library(tmp_path / "library"), procs=1).sync()
    return tmp_path / "library", tmp_path / "index"


def _agrees_with_the_stored_records(index: SearchIndex) -> None:
    searcher = index._current()
    assert searcher is not None
    table = list(index._latest().table.live_infos())
    assert len(table) == searcher.doc_count() > 0
    for docnum, info in table:
        assert info == info_of(searcher.stored_fields(docnum))
    docnum, info = table[7]
    assert index._latest().table.docnum_of(info.id) == docnum


def test_a_damaged_table_file_is_closed_again(tmp_path: Path) -> None:
    """np.load leaves a file it opened open when the zip index is damaged (ResourceWarning,
    an error under the test settings); the table's file is opened and closed here."""
    for n, data in enumerate([b"garbage", b"PK\x03\x04" + b"x" * 100, _table_bytes()[:900]]):
        path = tmp_path / f"{n}{SIDECAR}"
        path.write_bytes(data)
        with pytest.raises(DAMAGED_NUMPY_ERRORS):
            SegmentColumns.from_file(path)
    gc.collect()  # an unclosed file would warn here


def test_a_flipped_byte_in_a_table_is_healed_from_the_stored_fields(
    built: tuple[Path, Path],
) -> None:
    library, index_dir = built
    (sidecar,) = index_dir.glob(f"*{SIDECAR}")
    data = bytearray(sidecar.read_bytes())
    data[len(data) // 3] ^= 0x55
    sidecar.write_bytes(bytes(data))
    index = SearchIndex(index_dir, Library(library))
    assert index.search("said").total > 0
    _agrees_with_the_stored_records(index)
    assert SegmentColumns.from_file(sidecar) is not None  # written again, whole
    assert index.sync().summary == "index up to date"


def test_an_old_json_table_is_converted_without_a_rebuild(built: tuple[Path, Path]) -> None:
    library, index_dir = built
    (sidecar,) = index_dir.glob(f"*{SIDECAR}")
    key = sidecar.name.removesuffix(SIDECAR)
    index = SearchIndex(index_dir, Library(library))
    rows = [
        [i.id, i.path, i.day, i.year, i.source, list(i.tags), i.mtime_ns, i.size, i.sha1, 0]
        for _d, i in index._latest().table.live_infos()
    ]
    index.close()
    sidecar.unlink()
    old = index_dir / f"{key}{OLD_SIDECAR}"
    old.write_bytes(zlib.compress(json.dumps(rows).encode("utf-8")))
    segment = index_dir / f"{key}.seg"
    made = segment.stat().st_mtime_ns
    index = SearchIndex(index_dir, Library(library))
    facets = index.search("said").facets
    assert [name for name, _count in facets["sources"]] == ["BBC"]
    _agrees_with_the_stored_records(index)
    assert sidecar.exists() and not old.exists()
    assert segment.stat().st_mtime_ns == made  # the index itself was not rebuilt
    assert index.sync().summary == "index up to date"


def test_a_damaged_old_json_table_is_made_from_the_stored_fields(
    built: tuple[Path, Path],
) -> None:
    library, index_dir = built
    (sidecar,) = index_dir.glob(f"*{SIDECAR}")
    old = index_dir / sidecar.name.replace(SIDECAR, OLD_SIDECAR)
    sidecar.unlink()
    old.write_bytes(zlib.compress(b'[["id", "path", 1]]' + b"[" * 5000))
    index = SearchIndex(index_dir, Library(library))
    _agrees_with_the_stored_records(index)
    assert sidecar.exists()


def test_deleted_documents_leave_the_table_and_its_look_ups(built: tuple[Path, Path]) -> None:
    library_dir, index_dir = built
    library = Library(library_dir)
    index = SearchIndex(index_dir, library)
    gone = next(iter(index.match_ids("said")))
    path = library.get(gone).path
    assert path is not None
    path.unlink()
    assert index.sync().deleted == 1
    assert gone not in index.match_ids("said")
    assert index._latest().table.docnum_of(gone) is None
    _agrees_with_the_stored_records(index)
