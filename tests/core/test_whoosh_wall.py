"""The private parts of Whoosh that Readmark's index reaches into, named in one place.

The compact codec, the parallel build, the array scoring and the bounded wildcard expansion
use names Whoosh does not promise to keep. The dependency is pinned below 2.8; this test
fails loudly, naming the part, if an installed Whoosh lacks one, instead of the index
misbehaving somewhere deep in a search."""

from importlib import import_module
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import ROOT

PRIVATE_PARTS = {
    # the parallel build writes segments and the table of contents itself (index/build.py)
    "whoosh.writing.SegmentWriter": [
        "_close_segment", "_finalize_segment", "_commit_toc", "_finish", "_check_state",
        "_check_fields", "_flush_segment",
    ],
    # the compact posting blocks, filled a block at a time by a bulk build (index/codec.py,
    # index/bulk.py; instance parts such as _postwriter, _blocklimit, StructFile.file and a
    # column writer's _compress are exercised by tests/core/test_build_bulk.py)
    "whoosh.codec.whoosh3.W3PostingsWriter": ["_write_block", "_new_block"],
    "whoosh.codec.whoosh3.W3FieldWriter": ["_create_file"],
    "whoosh.codec.whoosh3.W3LeafMatcher": [
        "_read_data", "_read_ids", "_read_weights", "_read_values", "_next_block",
    ],
    # field lengths as a column for array scoring (index/scoring.py, index/writer.py)
    "whoosh.codec.whoosh3.W3PerDocReader": ["_cached_reader"],
    "whoosh.codec.whoosh3": ["_lenfield", "LENGTHS_COLUMN"],
    # a generation opened from one table of contents (index/generations.py, index/latest.py)
    "whoosh.index.FileIndex": ["_read_toc", "_reader"],
    # bounded expansion of prefixes and wildcards (index/query.py)
    "whoosh.query.Prefix": ["_find_prefix", "_btexts"],
    "whoosh.query.Wildcard": ["_find_prefix", "_get_pattern", "_btexts"],
}  # fmt: skip


def _resolve(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    try:
        return import_module(dotted)
    except ImportError:
        return getattr(import_module(module), name)


def test_whoosh_is_the_pinned_series() -> None:
    major, minor = (int(p) for p in version("whoosh-reloaded").split(".")[:2])
    assert (major, minor) == (2, 7), "Readmark's index is written against whoosh-reloaded 2.7"


@pytest.mark.parametrize("owner", sorted(PRIVATE_PARTS))
def test_every_private_part_the_index_uses_exists(owner: str) -> None:
    missing = [name for name in PRIVATE_PARTS[owner] if not hasattr(_resolve(owner), name)]
    assert missing == [], f"Whoosh changed: {owner} no longer has {missing}"


def test_a_segment_reader_still_holds_its_terms_and_columns(tmp_path: Path) -> None:
    """Instance attributes cannot be checked on the class: read a real index's segment."""
    from app.core.article import Article
    from app.core.index import SearchIndex, storage
    from app.core.index.scoring import read_postings
    from app.core.library import Library

    library = Library(tmp_path / "library")
    for n in range(3):
        library.add(Article(id=f"a{n}", title=f"Summit {n}", body="Leaders met at the summit."))
    index = SearchIndex(tmp_path / "index", library)
    try:
        index.sync()
        assert index.search("summit").total == 3
        with storage.open_existing(tmp_path / "index").searcher() as searcher:
            for reader, _offset in searcher.reader().leaf_readers():
                assert hasattr(reader, "_terms") and hasattr(reader, "_perdoc")
                postings = read_postings(reader, "body", b"summit")
                assert len(postings.ids) == 3
    finally:
        index.close()


def test_only_the_index_package_imports_whoosh() -> None:
    """Whoosh stays behind one wall: the rest of Readmark asks ``app.core.index``."""
    app = ROOT / "app"
    outside = [
        str(path.relative_to(ROOT))
        for path in app.rglob("*.py")
        if (app / "core" / "index") not in path.parents
        and any(
            line.lstrip().startswith(("import whoosh", "from whoosh"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert outside == []
