"""The bulk writer of full builds against Whoosh's path (``IndexWriter``, which incremental
sync uses): the same documents must give the same segment, file for file and byte for byte,
so a full build and a document-by-document sync index every article identically."""

import datetime as dt
import hashlib
from functools import partial
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.filedb.compound import CompoundStorage
from whoosh.writing import CLEAR

from app.core.index import storage
from app.core.index.build import DocSource
from app.core.index.bulk import BulkWriter
from app.core.index.schema import Record, document_from_record
from app.core.index.writer import IndexWriter
from tests.core.search_fixtures import bbc_library, make_library


def segment_parts(folder: Path, writer_class: type, docs: list[dict[str, Any]]) -> dict[str, str]:
    """Each file of the one segment ``writer_class`` writes for ``docs``, by its kind."""
    ix = storage.create_fresh(folder)
    writer = writer_class(ix)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(mergetype=CLEAR)
    segment = next(folder.glob("*.seg"))
    parts = CompoundStorage(ix.storage.open_file(segment.name))
    found = {
        name.split(".", 1)[1]: hashlib.sha1(parts.open_file(name).read()).hexdigest()
        for name in parts._dir
    }
    parts.close()  # closes the compound file too
    return found


def library_documents(tmp_path: Path, limit: int) -> list[dict[str, Any]]:
    library = make_library(tmp_path / "library")
    bbc_library(tmp_path / "library", limit)
    paths = sorted(library.root.glob("*.md"))
    docs = [doc for _path, doc in DocSource(library.root, None, {}).documents(paths, [])]
    assert len(docs) == len(paths) > limit
    return docs


def test_bulk_segment_is_whooshs_on_a_library(tmp_path: Path) -> None:
    """Real articles: several blocks per common term (more than 128 documents), inlined
    rare terms, two-byte position deltas in long stories, dates, sources and tag trees."""
    docs = library_documents(tmp_path, 300)
    bulk = segment_parts(tmp_path / "bulk", BulkWriter, docs)
    whooshs = segment_parts(tmp_path / "whoosh", IndexWriter, docs)
    assert {"pst", "trm", "_stored.col", "_body_len.col", "_title_len.col"} <= set(bulk)
    assert bulk == whooshs


WORDS = ["oil", "the", "of", "Prices", "Zürich", "1.5", "U.S.", "a", "x", "summits", "ß"]


def _record(n: int, title: str, body: str, author: str, day: int, tags: tuple[str, ...]) -> Record:
    return Record(
        id=f"a{n}", path=f"a{n}.md", title=title, author=author or None, source="Reuters",
        day=day, text=body, article_tags=tags, note_tags=(), notes=body[:n % 7 * 3],
        mtime_ns=n, size=n, sha1=bytes(20), notes_stamp=0,
    )  # fmt: skip


_text = st.lists(st.sampled_from([*WORDS, " ", "\n", ", "]), max_size=60).map("".join)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            _text,
            _text | st.just(" oil" * 300 + " " + "the " * 300 + "oil"),
            st.sampled_from(["", "Ann Lee", "Bo"]),
            st.sampled_from([0, dt.date(1987, 3, 4).toordinal(), dt.date(2020, 1, 1).toordinal()]),
            st.lists(st.sampled_from(["earn", "usa", "topics/oil", "Café"]), max_size=3),
        ),
        min_size=1,
        max_size=12,
    ).map(lambda rows: rows * 12)  # some terms in more than 128 documents
)
def test_bulk_segment_is_whooshs_on_any_documents(tmp_path_factory: Any, rows: list[Any]) -> None:
    """Empty fields, stop words only, long gaps between positions, repeated values; the
    tokens encoded whole and a few at a time (windows of whole terms, and terms longer
    than a window: the 300 "oil"s)."""
    docs = [
        document_from_record(_record(n, title, body, author, day, tuple(tags)))
        for n, (title, body, author, day, tags) in enumerate(rows)
    ]
    folder = tmp_path_factory.mktemp("bulk")
    whooshs = segment_parts(folder / "w", IndexWriter, docs)
    assert segment_parts(folder / "b", BulkWriter, docs) == whooshs
    assert segment_parts(folder / "s", partial(BulkWriter, token_window=7), docs) == whooshs


def test_bulk_windows_split_only_between_terms(tmp_path: Path) -> None:
    """A library's segment written in windows of 1,000 tokens is the one written whole, and
    the windows are many (the test would pass vacuously with one)."""
    docs = library_documents(tmp_path, 120)
    windows: list[int] = []

    class Counted(BulkWriter):
        def _write_terms(self, postings: Any, lengths: Any) -> None:
            windows.append(len(postings.terms))
            super()._write_terms(postings, lengths)

    whole = segment_parts(tmp_path / "whole", Counted, docs)
    whole_windows = len(windows)
    windows.clear()
    split = segment_parts(tmp_path / "split", partial(Counted, token_window=1000), docs)
    assert split == whole
    assert len(windows) > 20 > whole_windows
