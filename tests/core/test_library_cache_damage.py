"""A damaged library cache costs a cold start and nothing more: never a crash, never gigabytes.

The old cache handed its bytes straight to ``marshal.loads``, which believes any length it
reads: a five-byte file claiming a list of 2**31 items made one ``list`` take 12.9 GB.
"""

import resource
import struct
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.article import Article, serialize_article
from app.core.library import Library
from app.core.library_cache import LibraryCache
from tests.conftest import ROOT

MARSHAL_BOMB = b"[" + struct.pack("<i", 2**31 - 1)  # "a list of 2**31 items", then nothing


def _library(folder: Path, count: int = 20) -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        article = Article(id=f"a{n}", title=f"Title {n}", body=f"Body of article {n}. " * 40)
        (folder / f"a{n}.md").write_text(serialize_article(article), "utf-8")
    return folder


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A library and the bytes of the good cache a first open writes for it."""
    base = tmp_path_factory.mktemp("cache")
    library = _library(base / "library")
    cache = base / "library.marshal"
    Library(library, cache_file=cache)
    return library, cache.read_bytes()


def _load_measured(file: Path, root: Path) -> tuple[int, int]:
    """(entries loaded, peak bytes allocated while loading)."""
    tracemalloc.start()
    try:
        loaded = LibraryCache(file, root).load()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return len(loaded), peak


def test_a_good_cache_is_used(saved: tuple[Path, bytes], tmp_path: Path) -> None:
    library, good = saved
    file = tmp_path / "library.marshal"
    file.write_bytes(good)
    assert _load_measured(file, library)[0] == 20


def _damaged(good: bytes, data: st.DataObject) -> bytes:
    how = data.draw(st.sampled_from(["truncate", "flip", "length", "random", "old-format"]))
    if how == "truncate":
        return good[: data.draw(st.integers(0, len(good) - 1))]
    if how == "flip":
        position = data.draw(st.integers(0, len(good) - 1))
        bit = 1 << data.draw(st.integers(0, 7))
        return good[:position] + bytes([good[position] ^ bit]) + good[position + 1 :]
    if how == "length":  # the header claims a payload of any size
        length = data.draw(st.integers(0, 2**64 - 1))
        return good[:12] + struct.pack("<Q", length) + good[20:]
    if how == "random":
        return data.draw(st.binary(max_size=4096))
    return MARSHAL_BOMB + data.draw(st.binary(max_size=64))  # a cache of the old format


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damage_means_a_cold_start_in_bounded_memory(
    saved: tuple[Path, bytes], tmp_path: Path, data: st.DataObject
) -> None:
    library, good = saved
    damaged = _damaged(good, data)
    if damaged == good:
        return
    file = tmp_path / "library.marshal"
    file.write_bytes(damaged)
    count, peak = _load_measured(file, library)
    assert count == 0
    assert peak < 4 * len(good) + 1024 * 1024


def test_a_damaged_cache_is_replaced_and_every_article_listed(
    saved: tuple[Path, bytes], tmp_path: Path
) -> None:
    library, good = saved
    file = tmp_path / "library.marshal"
    file.write_bytes(good[: len(good) // 2])
    assert len(Library(library, cache_file=file)) == 20
    assert file.read_bytes() == good  # the next start is warm again


def test_a_cache_of_another_library_is_ignored(saved: tuple[Path, bytes], tmp_path: Path) -> None:
    _library_dir, good = saved
    other = _library(tmp_path / "other", count=3)
    file = tmp_path / "library.marshal"
    file.write_bytes(good)
    assert _load_measured(file, other)[0] == 0
    assert len(Library(other, cache_file=file)) == 3


def test_list_with_the_marshal_bomb_stays_small(tmp_path: Path) -> None:
    """The reported case end to end, in a process of its own so its peak memory is its own:
    ``list`` prints every article and the process never grows past a few hundred MB."""
    library = _library(tmp_path / "library")
    data = tmp_path / "data"
    (data / "cache").mkdir(parents=True)
    (data / "cache" / "library.marshal").write_bytes(MARSHAL_BOMB + b"\0" * 100)
    script = (
        "import sys\n"
        "from app.cli import main\n"
        "status = main(sys.argv[1:])\n"
        # VmHWM is this program's own peak: ru_maxrss would carry the pytest process's peak
        # over fork and exec (Linux keeps it in the signal struct), failing in long runs.
        "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print('maxrss', peak.split()[1], file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    limit = 1024**3  # the old cache would need 16 GB of address space here

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit * 2, limit * 2))

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "list",
            "--json",
            "--library",
            str(library),
            "--data",
            str(data),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=cap_memory,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"id"') == 20
    maxrss_kb = int(result.stderr.split("maxrss")[-1])
    assert maxrss_kb < 300 * 1024
