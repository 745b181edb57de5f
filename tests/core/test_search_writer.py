"""Readmark's writer and codec against Whoosh's: the segment the writer makes, and what a
reader gets back from the codec's inlined postings, compact blocks and stored fields."""

import hashlib
from array import array
from itertools import accumulate
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import TEXT
from whoosh.filedb.compound import CompoundStorage
from whoosh.formats import Positions
from whoosh.writing import CLEAR, SegmentWriter

from app.core.index import storage
from app.core.index.analysis import text_analyzer
from app.core.index.build import DocSource
from app.core.index.codec import IndexCodec, pack_block, unpack_block
from app.core.index.positions import CompactPositions, PhraseText
from app.core.index.writer import IndexWriter
from tests.core.search_fixtures import bbc_library, make_library


def _segment_parts(
    folder: Path, writer_class: type, docs: list[dict[str, object]], **kwargs: object
) -> dict[str, str]:
    ix = storage.create_fresh(folder)
    writer = writer_class(ix, **kwargs)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(mergetype=CLEAR)
    segment = next(folder.glob("*.seg"))
    parts = CompoundStorage(ix.storage.open_file(segment.name))
    return {
        name.split(".", 1)[1]: hashlib.sha1(parts.open_file(name).read()).hexdigest()
        for name in parts._dir
    }


def _documents(tmp_path: Path) -> list[dict[str, object]]:
    library = make_library(tmp_path / "library")
    bbc_library(tmp_path / "library", 60)
    paths = sorted(library.root.glob("*.md"))
    docs = [doc for _path, doc in DocSource(library.root, None, {}).documents(paths, [])]
    assert len(docs) == len(paths) > 60
    return docs


def test_lengths_read_per_field_write_whooshs_segment(tmp_path: Path) -> None:
    docs = _documents(tmp_path)
    ours = _segment_parts(tmp_path / "ours", IndexWriter, docs, codec=W3Codec())
    whooshs = _segment_parts(tmp_path / "whoosh", SegmentWriter, docs)
    assert {"pst", "trm", "_stored.col", "_body_len.col"} <= set(ours)
    assert ours == whooshs


def _postings(folder: Path) -> dict[tuple[str, bytes], list[tuple[int, float, bytes]]]:
    reader = whoosh_index.open_dir(str(folder)).reader()
    found = {}
    for fieldname, btext in reader.all_terms():
        matcher = reader.postings(fieldname, btext)
        items = []
        while matcher.is_active():
            items.append((matcher.id(), matcher.weight(), bytes(matcher.value() or b"")))
            matcher.next()
        found[(fieldname, btext)] = items
    reader.close()
    return found


def _stored(folder: Path) -> list[dict[str, object]]:
    reader = whoosh_index.open_dir(str(folder)).reader()
    found = [reader.stored_fields(n) for n in range(reader.doc_count_all())]
    reader.close()
    return found


def test_our_codec_reads_back_as_whooshs(tmp_path: Path) -> None:
    """Inlined postings and protocol-5 stored fields: same postings, same stored values."""
    docs = _documents(tmp_path)
    ours_parts = _segment_parts(tmp_path / "ours", IndexWriter, docs, codec=IndexCodec())
    whoosh_parts = _segment_parts(tmp_path / "whoosh", SegmentWriter, docs)
    assert ours_parts["_stored.col"] != whoosh_parts["_stored.col"]
    ours, whooshs = _postings(tmp_path / "ours"), _postings(tmp_path / "whoosh")
    assert ours == whooshs
    assert _stored(tmp_path / "ours") == _stored(tmp_path / "whoosh")
    rare = [term for term, items in ours.items() if len(items) == 1]
    assert len(rare) > 1000
    size = {
        name: sum(p.stat().st_size for p in (tmp_path / name).glob("*.seg"))
        for name in ("ours", "whoosh")
    }
    assert size["ours"] < size["whoosh"] * 0.97


@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), max_size=40))
def test_compact_positions_round_trip(raw: list[int]) -> None:
    positions = sorted(set(raw))
    encoded = CompactPositions(field_boost=3.0).encode(positions)
    whooshs = Positions(field_boost=3.0)
    ours = CompactPositions(field_boost=3.0)
    assert ours.decode_positions(encoded) == positions
    assert ours.decode_frequency(encoded) == len(positions)
    assert ours.decode_weight(encoded) == whooshs.decode_weight(whooshs.encode(positions))
    if positions and positions[-1] < 256:
        assert len(encoded) == len(positions) + 1


WORDS = [
    "the", "a", "of", "Oil", "oil's", "prices", "PRICES", "Zürich", "naïve", "1.5", "U.S.",
    "x", "I", "summits", "running", "to", "be", "or", "not", "café", "ß", "İstanbul", "ﬁnance",
]  # fmt: skip


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from([*WORDS, " ", "  ", "\n", ", ", ". ", "-", "'"]), max_size=40),
    st.sampled_from([1.0, 3.0]),
)
def test_phrase_text_indexes_as_whooshs_text_field(pieces: list[str], boost: float) -> None:
    value = "".join(pieces)
    ours = PhraseText(boost)
    whooshs = TEXT(analyzer=text_analyzer(), field_boost=boost)
    whooshs.format = CompactPositions(field_boost=boost)
    assert list(ours.index(value)) == list(whooshs.index(value))


@settings(max_examples=200)
@given(
    st.lists(st.integers(0, 2**31), min_size=1, max_size=128, unique=True).map(sorted),
    st.data(),
)
def test_compact_blocks_round_trip(ids: list[int], data: st.DataObject) -> None:
    count = len(ids)
    weights = array(
        "f",
        data.draw(
            st.one_of(
                st.just([1.0] * count),
                st.just([3.0] * count),
                st.lists(st.sampled_from([1.0, 2.0, 0.5, 7.0]), min_size=count, max_size=count),
            )
        ),
    )
    fixedsize = data.draw(st.sampled_from([None, 0, 4]))
    size = st.integers(1, 300) if fixedsize is None else st.just(fixedsize or 0)
    values = [data.draw(size.flatmap(lambda n: st.binary(min_size=n, max_size=n))) for _ in ids]
    values = [] if fixedsize == 0 else values
    packed = pack_block(ids, weights, values, fixedsize)
    assert packed is not None
    deltas, read_weights, read_values = unpack_block(packed, count, fixedsize)
    assert list(accumulate(deltas)) == ids
    if all(w == 1.0 for w in weights):
        assert read_weights is None
    elif all(w == weights[0] for w in weights):
        assert read_weights == weights[0]
    else:
        assert list(read_weights) == list(weights)
    expected = {None: tuple(values), 0: None, 4: b"".join(values)}[fixedsize]
    assert (tuple(read_values) if fixedsize is None else read_values) == expected


def test_blocks_that_do_not_fit_are_left_to_whoosh() -> None:
    assert pack_block([1, 2], array("f", [1.0, 1.0]), [b"B\x00"], None) is None
