"""Version clusters at scale: the banded, streamed clustering finds exactly the known
near-duplicates of a generated library (and what comparing every pair finds), follows the
library without recomputing when nothing changed, reads a cache of the previous format,
and treats a damaged or cut cache file as missing."""

import gc
import random
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.article import Article
from app.core.library import Library
from app.core.minhash import (
    CACHE_NAME,
    OLD_CACHE_NAME,
    SignatureTable,
    hex_of,
    signatures,
)
from app.core.versions import THRESHOLD, Versions, components, text_of

STORIES = 40
VOCABULARY = [f"word{n}" for n in range(3000)]


def _edited(words: list[str], rng: random.Random, edits: int) -> list[str]:
    out = list(words)
    for _ in range(edits):
        out[rng.randrange(len(out))] = rng.choice(VOCABULARY)
    return out


def _generated(folder: Path) -> tuple[Library, list[set[str]]]:
    """STORIES stories of 80 random words, most republished 1-3 times with 1-3 words
    changed; one filed twice under two headlines (same text: one content hash); short
    flashes that share all but a word; the known clusters."""
    rng = random.Random(13)
    library = Library(folder)
    known: list[set[str]] = []
    for story in range(STORIES):
        words = [rng.choice(VOCABULARY) for _ in range(80)]
        ids = {f"s{story}-0"}
        library.add(Article(id=f"s{story}-0", title=f"Story {story}", body=" ".join(words)))
        for copy in range(1, story % 4 + 1):
            body = " ".join(_edited(words, rng, rng.randint(1, 3)))
            library.add(Article(id=f"s{story}-{copy}", title=f"Story {story}", body=body))
            ids.add(f"s{story}-{copy}")
        if len(ids) > 1:
            known.append(ids)
    same = " ".join(rng.choice(VOCABULARY) for _ in range(60))
    library.add(Article(id="twice-a", title="Filed once", body=same))
    library.add(Article(id="twice-b", title="Filed again", body=same))
    known.append({"twice-a", "twice-b"})
    for n in range(5):
        library.add(Article(id=f"flash-{n}", title="FLASH", body=f"Markets close {n}.\n"))
    return library, known


def _brute_force(library: Library, ids: list[str]) -> set[frozenset[str]]:
    """Every pair compared: the clusters banding must find when versions are this close."""
    rows = signatures([text_of(library.get(i)) for i in ids])
    usable = ~np.all(rows == 0xFFFFFFFF, axis=1)
    same = np.mean(rows[:, None, :] == rows[None, :, :], axis=-1) >= THRESHOLD
    same &= usable[:, None] & usable[None, :]
    a, b = np.nonzero(np.triu(same, k=1))
    labels = components(len(ids), a.astype(np.int64), b.astype(np.int64))
    groups: dict[int, set[str]] = {}
    for label, article_id in zip(labels.tolist(), ids, strict=True):
        groups.setdefault(label, set()).add(article_id)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    _generated(root / "library")
    return root


def test_clusters_are_the_known_versions_and_what_every_pair_compared_finds(
    generated: Path, tmp_path: Path
) -> None:
    library = Library(generated / "library")
    _, known = _generated(tmp_path / "again")  # the same seed: the same stories
    versions = Versions(library, tmp_path / "cache")
    found = {frozenset(c) for c in versions.clusters()}
    assert found == {frozenset(k) for k in known}
    assert found == _brute_force(library, versions.ids)
    assert not any(i.startswith("flash") for c in found for i in c)


def test_nothing_changed_recomputes_nothing_and_an_edit_or_removal_is_followed(
    generated: Path, tmp_path: Path
) -> None:
    shutil.copytree(generated / "library", tmp_path / "library")
    library = Library(tmp_path / "library")
    cache = tmp_path / "cache"
    versions = Versions(library, cache)
    labels, stamp = versions.labels, (cache / CACHE_NAME).stat().st_mtime_ns
    assert versions.refresh() is False
    assert versions.labels is labels and (cache / CACHE_NAME).stat().st_mtime_ns == stamp
    story = library.get("s3-0")
    library.add(Article(id="s3-late", title="Story 3", body=story.body + " and later"))
    assert versions.refresh() is True
    assert {"s3-0", "s3-late"} <= set(next(c for c in versions.clusters() if "s3-0" in c))
    gone = library.get("s5-0")
    assert gone.path is not None
    gone.path.unlink()
    library.refresh()
    assert versions.refresh() is True
    with SignatureTable.read(cache / CACHE_NAME) as table:  # type: ignore[union-attr]
        held = set(hex_of(table.keys))
    assert held == set(library.content_hashes().values())  # the removed one dropped


def test_a_cache_of_the_previous_format_is_converted_not_signed_again(
    generated: Path, tmp_path: Path
) -> None:
    library = Library(generated / "library")
    by_hash = {h: i for i, h in library.content_hashes().items()}
    keys = sorted(by_hash)
    rows = signatures([text_of(library.get(by_hash[h])) for h in keys])
    one, other = (
        keys.index(library.get("s1-0").content_hash),
        keys.index(library.get("s2-0").content_hash),
    )
    rows[one] = rows[other]  # only a cache read, not signed again, makes these versions
    cache = tmp_path / "cache"
    cache.mkdir()
    with (cache / OLD_CACHE_NAME).open("wb") as out:
        np.savez(out, keys=np.array([k.encode() for k in keys]), rows=rows, format=np.array(2))
    clusters = Versions(library, cache).clusters()
    assert {"s1-0", "s2-0"} <= set(next(c for c in clusters if "s1-0" in c))
    assert not (cache / OLD_CACHE_NAME).exists()
    with SignatureTable.read(cache / CACHE_NAME) as table:  # type: ignore[union-attr]
        assert set(hex_of(table.keys)) == set(keys)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_cut_or_damaged_cache_is_signed_again_with_the_same_clusters(
    generated: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    library = Library(generated / "library")
    cache = tmp_path_factory.mktemp("cache")
    expected = Versions(library, cache).clusters()
    raw = bytearray((cache / CACHE_NAME).read_bytes())
    entries = len(set(library.content_hashes().values()))
    header = len(raw) - 4 * 69 * entries
    if data.draw(st.booleans(), label="cut"):
        raw = raw[: data.draw(st.integers(0, len(raw) - 1), label="length")]
    else:  # the header and the keys: what tells one entry from another
        at = data.draw(st.integers(0, header + 4 * 5 * entries - 1), label="at")
        raw[at] ^= data.draw(st.integers(1, 255), label="flip")
    (cache / CACHE_NAME).write_bytes(bytes(raw))
    assert Versions(library, cache).clusters() == expected
    table = SignatureTable.read(cache / CACHE_NAME)  # written again whole
    assert table is not None
    table.close()


def test_a_cache_header_that_does_not_parse_is_signed_again_and_left_closed(
    generated: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """numpy reads the header as a Python literal: one damaged byte there raised
    SyntaxError, which went past the reader and left the file open (found by the fuzz test
    above)."""
    library = Library(generated / "library")
    cache = tmp_path_factory.mktemp("cache")
    expected = Versions(library, cache).clusters()
    raw = (cache / CACHE_NAME).read_bytes()
    assert b"'shape': (" in raw
    (cache / CACHE_NAME).write_bytes(raw.replace(b"'shape': (", b"'shape':[(", 1))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        assert Versions(library, cache).clusters() == expected
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    table = SignatureTable.read(cache / CACHE_NAME)  # written again whole
    assert table is not None
    table.close()
