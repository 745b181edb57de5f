"""The two seed files: metadata inferred as the issue requires, wording kept, and the
bundled library is exactly what the importer makes of them."""

import datetime as dt
from pathlib import Path

import pytest

from app.core.article import Article
from app.core.importers import import_paths
from app.core.library import ID_LOG
from app.core.render import render
from app.core.text_decode import decode_bytes
from app.core.workspace import Workspace
from tests.conftest import BUNDLED_LIBRARY, SEEDS, require_shared
from tests.core.wording import assert_wording_kept, title_is_from_text

NATO = "000_81b53dd98f06b5e6.txt"
SUMMIT = "003_2d3196d12ea3c1c4.txt"


def _source(name: str) -> str:
    return decode_bytes((require_shared(SEEDS) / name).read_bytes())


@pytest.fixture
def seeded(tmp_path: Path) -> dict[str, Article]:
    require_shared(SEEDS)
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    report = import_paths(workspace, [SEEDS / NATO, SEEDS / SUMMIT])
    assert report.ok and len(report.imported) == 2, report.summary()
    by_file = {}
    for article in workspace.library:
        assert article.imported_from is not None
        by_file[article.imported_from] = article
    return by_file


def test_nato_seed_metadata(seeded: dict[str, Article]) -> None:
    article = seeded[NATO]
    assert article.title == (
        "NATO Prepares for 75th Summit: Enhancing Global Security Amidst Emerging Threats"
    )
    assert article.author == "Olga Nesterova"
    assert article.source == "ONEST"
    # The caption dates the briefing June 18 2024; the lede says it was "yesterday".
    assert article.date == dt.date(2024, 6, 19)


def test_nato_seed_caption_is_an_italic_line_and_the_rest_paragraphs(
    seeded: dict[str, Article],
) -> None:
    body = seeded[NATO].body
    first, *rest = body.split("\n\n")
    assert first == (
        "*NATO Secretary General Jens Stoltenberg and US Secretary Of State Anthony Blinken at "
        "the US State Department, June 18 2024*"
    )
    assert "<p><em>NATO Secretary General" in render(body).html
    assert len(rest) == 9
    assert all(not p.startswith(("*", "#", "-")) for p in rest)


def test_summit_seed_metadata(seeded: dict[str, Article]) -> None:
    article = seeded[SUMMIT]
    assert article.date == dt.date(2024, 7, 6)
    assert article.author is None
    assert article.title == (
        "Secretary General Jens Stoltenberg previewed next week's Washington summit"
    )
    assert len(article.title) <= 80
    assert title_is_from_text(article)
    assert not article.body.startswith("date")


def test_summit_seed_list_and_subheading(seeded: dict[str, Article]) -> None:
    html = render(seeded[SUMMIT].body).html
    assert html.count("<li>") == 5
    assert "<ul>" in html
    assert "<h2>What is planned at the next Peace Summit</h2>" in html
    assert seeded[SUMMIT].body.count("\n- ") == 5


def test_seeds_keep_their_wording(seeded: dict[str, Article]) -> None:
    nato = seeded[NATO]
    assert nato.author is not None
    assert_wording_kept(_source(NATO), nato, [nato.author, nato.title])
    summit = seeded[SUMMIT]
    assert summit.date is not None
    assert_wording_kept(_source(SUMMIT), summit, ["date", summit.date.isoformat()])


def test_bundled_library_is_the_importers_output(tmp_path: Path) -> None:
    require_shared(SEEDS)
    fresh = tmp_path / "library"
    import_paths(Workspace(fresh, tmp_path / "data"), [SEEDS / NATO, SEEDS / SUMMIT])
    bundled = {p.name: p.read_bytes() for p in BUNDLED_LIBRARY.glob("*.md")}
    made = {p.name: p.read_bytes() for p in fresh.glob("*.md")}
    assert bundled == made
    assert (BUNDLED_LIBRARY / ID_LOG).read_bytes() == (fresh / ID_LOG).read_bytes()


def test_bundled_library_lists_the_two_seeds(tmp_path: Path) -> None:
    library = Workspace(BUNDLED_LIBRARY, tmp_path / "data").library
    assert library.problems == []
    assert [a.imported_from for a in library.sorted_articles()] == [SUMMIT, NATO]
