"""Versions of one story: MinHash clusters over a real Reuters import, the signature cache,
and the word diff of two versions."""

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.article import Article, serialize_article
from app.core.importers.runner import import_paths
from app.core.library import Library
from app.core.minhash import CACHE_NAME, NUM_PERM, SignatureTable, hex_of, signatures, words
from app.core.versions import Versions, article_diff, close_pairs, text_of
from app.core.word_diff import marked, word_diff
from app.core.workspace import Workspace
from tests.conftest import CORPUS, require_shared

SLICE = "reut2-013.sgm"
BASE = (
    "The Federal Reserve entered the U.S. Government securities market to arrange 1.5 billion "
    "dlrs of customer repurchase agreements, a Fed spokesman said. Dealers said Federal funds "
    "were trading at 6-3/8 pct when the Fed began its temporary and indirect supply of reserves "
    "to the banking system.\n"
)


@pytest.fixture(scope="module")
def reuters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file of Reuters-21578 (1,000 items) imported as a user would."""
    root = tmp_path_factory.mktemp("reuters")
    with Workspace(root / "library", root / "data") as workspace:
        report = import_paths(workspace, [require_shared(CORPUS) / "reuters21578" / SLICE])
        assert report.imported and not report.failed
    return root


@pytest.fixture
def copy(reuters: Path, tmp_path: Path) -> Workspace:
    shutil.copytree(reuters, tmp_path / "copy")
    return Workspace(tmp_path / "copy" / "library", tmp_path / "copy" / "data")


def _by_title(library: Library, start: str) -> list[Article]:
    return sorted((a for a in library if a.title.startswith(start)), key=lambda a: a.id)


def _cached(cache_dir: Path) -> set[str]:
    """The content hashes the cache file holds."""
    table = SignatureTable.read(cache_dir / CACHE_NAME)
    assert table is not None
    with table:
        return set(hex_of(table.keys))


def _shared(a: str, b: str) -> float:
    words_a, words_b = set(words(a)), set(words(b))
    return len(words_a & words_b) / max(1, len(words_a | words_b))


def test_the_two_versions_of_a_reuters_item_are_found_and_nothing_else(copy: Workspace) -> None:
    first, second = _by_title(copy.library, "IRAQ SAYS ITS FORCES SINK THREE IRANIAN")
    versions = Versions(copy.library, copy.data_dir / "cache")
    found = versions.versions_of(first.id)
    assert {v.id for v in found} == {first.id, second.id}
    assert [v.similarity for v in found if v.id == first.id] == [1.0]
    assert 0.7 <= min(v.similarity for v in found) < 1.0
    clusters = versions.clusters()
    assert [first.id, second.id] in [sorted(c) for c in clusters]
    # Every cluster's first two share most of their words (updated rate tables share the
    # least: the figures change, the labels stay).
    for cluster in clusters:
        one, other = (text_of(copy.library.get(i)) for i in cluster[:2])
        assert _shared(one, other) >= 0.4, (one, other)
    lone = next(a for a in copy.library if a.id not in {i for c in clusters for i in c})
    assert versions.versions_of(lone.id) == []


def test_the_diff_of_the_two_versions_names_the_changed_word(copy: Workspace) -> None:
    first, second = _by_title(copy.library, "IRAQ SAYS ITS FORCES SINK THREE IRANIAN")
    parts = article_diff(first, second)
    assert {p.kind for p in parts["title"]} == {"same"}
    changed = [(p.old, p.new) for p in parts["body"] if p.kind != "same"]
    assert changed, "the two items differ in their text"
    assert ("which", "that") in changed or ("that", "which") in changed


def test_signatures_are_cached_by_content_and_follow_edits(copy: Workspace) -> None:
    cache_dir = copy.data_dir / "cache"
    Versions(copy.library, cache_dir)
    cache_file = cache_dir / CACHE_NAME
    stamp = cache_file.stat().st_mtime_ns
    Versions(copy.library, cache_dir)  # nothing changed: nothing computed, nothing written
    assert cache_file.stat().st_mtime_ns == stamp
    first, second = _by_title(copy.library, "IRAQ SAYS ITS FORCES SINK THREE IRANIAN")
    assert _cached(cache_dir) >= {first.content_hash, second.content_hash}
    second.body = "An entirely different story about grain exports from Argentina.\n" * 3
    assert second.path is not None
    second.path.write_text(serialize_article(second), encoding="utf-8")  # edited outside
    copy.library.refresh()
    versions = Versions(copy.library, cache_dir)
    assert versions.versions_of(first.id) == []
    assert copy.library.get(second.id).content_hash in _cached(cache_dir)


def test_a_damaged_cache_is_rebuilt_from_the_texts(copy: Workspace) -> None:
    cache_dir = copy.data_dir / "cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / CACHE_NAME).write_bytes(b"PK\x03\x04 not a zip at all")
    first, second = _by_title(copy.library, "IRAQ SAYS ITS FORCES SINK THREE IRANIAN")
    assert {v.id for v in Versions(copy.library, cache_dir).versions_of(first.id)} == {
        first.id,
        second.id,
    }
    assert len(_cached(cache_dir)) > 900


def test_near_copies_cluster_and_template_items_with_other_figures_do_not(
    library_dir: Path, tmp_path: Path
) -> None:
    library = Library(library_dir)
    corrected = BASE.replace("6-3/8", "6-5/16")
    updated = BASE + "Dealers expected the Fed to add reserves again tomorrow.\n"
    unrelated = "Argentine grain shipments fell in the week to April 1, the board said.\n"
    for n, body in enumerate([BASE, corrected, updated, unrelated]):
        day = dt.date(1987, 3, 2) + dt.timedelta(days=n)
        library.add(Article(id=f"fed-{n}", title="FED ADDS RESERVES", body=body, date=day))
    library.add(Article(id="flash", title="FLASH", body="Fed adds reserves.\n"))
    versions = Versions(library, tmp_path / "cache")
    found = versions.versions_of("fed-0")
    assert [v.id for v in found] == ["fed-2", "fed-1", "fed-0"]  # newest first
    assert versions.versions_of("flash") == []  # too short to be anyone's version
    assert versions.clusters() == [["fed-2", "fed-1", "fed-0"]]


def test_lsh_pairs_match_brute_force_on_random_signatures() -> None:
    rng = np.random.default_rng(5)
    base = rng.integers(0, 2**32, size=(40, NUM_PERM), dtype=np.uint32)
    rows = np.concatenate([base, base.copy()])
    rows[40:, : NUM_PERM // 8] = rng.integers(0, 2**32, size=(40, NUM_PERM // 8), dtype=np.uint32)
    a, b = close_pairs(rows)
    assert sorted(zip(a.tolist(), b.tolist(), strict=True)) == [(n, n + 40) for n in range(40)]


def test_signatures_estimate_similarity_and_ignore_case_and_punctuation() -> None:
    many = [f"w{n}" for n in range(200)]
    same, shouted, half = signatures(
        [" ".join(many), " ".join(many).upper() + "!", " ".join(many[:100] + ["x"] * 100)]
    )
    assert np.array_equal(same, shouted)
    assert 0.25 < np.mean(same == half) < 0.75
    for short in ("", "Fed adds reserves via customer repurchases, a spokesman said."):
        assert signatures([short])[0].tolist() == [0xFFFFFFFF] * NUM_PERM


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_a_word_diff_gives_back_both_texts(old: str, new: str) -> None:
    parts = word_diff(old, new)
    assert " ".join(p.old for p in parts if p.old).split() == old.split()
    assert " ".join(p.new for p in parts if p.new).split() == new.split()
    for part in parts:
        assert old[part.old_span[0] : part.old_span[1]] == part.old
        assert new[part.new_span[0] : part.new_span[1]] == part.new
        assert (part.kind == "same") == (part.old.split() == part.new.split() != [])


def test_marked_diff() -> None:
    parts = word_diff("arrange 1.5 billion dlrs", "arrange two billion dlrs today")
    assert marked(parts) == "arrange [-1.5-] {+two+} billion dlrs {+today+}"
