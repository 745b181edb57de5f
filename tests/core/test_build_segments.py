"""How a full build cuts a share into segments: as few as the per-segment bound allows, of
equal size, since every query looks each term up once per segment (a 250,000-article
library had 8 segments with a small one at the end of each share, and its suggestions
took three times as long as with 2)."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.index import SearchIndex, build, storage
from tests.core.search_fixtures import platypus_library


@given(st.integers(min_value=1, max_value=10 * build.SEGMENT_DOCS))
def test_segment_size_is_the_fewest_equal_segments(files: int) -> None:
    size = build.segment_size(files)
    segments = -(-files // size)
    assert 0 < size <= build.SEGMENT_DOCS
    assert segments == -(-files // build.SEGMENT_DOCS)
    assert segments * size - files < segments  # no segment short by more than one


def test_a_share_over_the_bound_is_cut_into_equal_segments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = platypus_library(tmp_path / "library", 15)
    monkeypatch.setattr(build, "SEGMENT_DOCS", 7)
    index = SearchIndex(tmp_path / "index", library, procs=1)
    report = index.rebuild()
    assert report.documents == 15
    with storage.open_existing(tmp_path / "index").reader() as reader:
        sizes = sorted(leaf.doc_count_all() for leaf, _base in reader.leaf_readers())
    assert sizes == [5, 5, 5]  # not 7, 7 and 1
    assert index.search("platypus").total == 15
    assert [hit.id for hit in index.search("word13").hits] == ["a13"]
