"""The build pauses the cyclic garbage collector while it indexes (it makes millions of
objects and no cycles) and gives the process back its collector as it found it."""

import gc
from pathlib import Path

import pytest

from app.core.article import Article
from app.core.index import SearchIndex
from app.core.library import Library


@pytest.mark.parametrize("enabled", [True, False])
def test_a_build_leaves_the_collector_as_it_found_it(tmp_path: Path, enabled: bool) -> None:
    library = Library(tmp_path / "library")
    for n in range(30):
        library.add(Article(id=f"a{n}", title=f"Story {n}", body=f"Word{n} and platypus.\n"))
    index = SearchIndex(tmp_path / "index", library, procs=1)
    seen: list[bool] = []
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        report = index.rebuild(progress=lambda *_args: seen.append(gc.isenabled()))
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert report.documents == 30 and index.search("platypus").total == 30
    assert after is enabled
    assert False in seen  # paused while the documents were indexed
    index.close()
