"""The window started as ``readmark`` starts it: the library opened from its snapshot
(``verify_library=False``), the list made on a thread, the files caught up on the write
worker (``start_sync``). Real library files, a real index, a real window (offscreen)."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.article import Article
from app.core.library import Library
from app.core.workspace import Workspace
from app.ui.library.article_list_model import DATE, SOURCE, TITLE, ArticleListModel
from app.ui.library.list_columns import ListColumns
from app.ui.widgets.rows import ARTICLE_ID_ROLE
from app.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import open_window

WAIT_MS = 15_000
SOURCES = ("Reuters", "AP", "bbc", None)


def made(n: int) -> Article:
    """Articles whose dates, sources and titles repeat, so ties are decided by title."""
    day = dt.date(2020, 1, 1) + dt.timedelta(days=n % 5) if n % 7 else None
    return Article(
        id=f"a{n:03d}",
        title=f"{'Zeta' if n % 3 else 'alpha'} report {n % 4}",
        body=f"Story number {n} about harbour cranes.\n",
        date=day,
        source=SOURCES[n % 4],
        tags=["port"] if n % 2 else [],
    )


def reference(articles: list[Article], column: int, descending: bool) -> list[str]:
    """The list's order written plainly: by the column, ties by title without case,
    equal rows in the given order; rows without a value last, by title."""

    def key(a: Article) -> tuple[object, str]:
        title = a.title.casefold()
        if column == DATE:
            return (a.date, title)
        if column == SOURCE:
            return ((a.source or "").casefold(), title)
        return ("", title)

    def valued(a: Article) -> bool:
        return column == TITLE or bool(a.date if column == DATE else a.source)

    have = sorted((a for a in articles if valued(a)), key=key, reverse=descending)
    rest = sorted((a for a in articles if not valued(a)), key=lambda a: a.title.casefold())
    return [a.id for a in have + rest]


def shown(model: ArticleListModel) -> list[str]:
    return [model.index(r, 0).data(ARTICLE_ID_ROLE) for r in range(model.rowCount())]


@pytest.fixture
def folders(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A library of 40 articles, indexed, whose snapshot was saved by a first open."""
    library_dir, data_dir = tmp_path / "library", tmp_path / "data"
    library = Library(library_dir)
    for n in range(40):
        library.add(made(n))
    with Workspace(library_dir, data_dir) as workspace:
        workspace.index.sync()
    yield library_dir, data_dir


def started(qtbot: QtBot, workspace: Workspace, folder: Path) -> MainWindow:
    """The window as ``application.run`` starts it, once its list is on screen."""
    window = open_window(qtbot, workspace, folder)
    window.start_sync()
    qtbot.waitUntil(lambda: window.library_listed, timeout=WAIT_MS)
    return window


def test_the_list_from_the_snapshot_shows_and_sorts_the_right_rows(
    qtbot: QtBot, folders: tuple[Path, Path], tmp_path: Path
) -> None:
    library_dir, data_dir = folders
    expected = [made(n) for n in range(40)]
    with Workspace(library_dir, data_dir, verify_library=False) as workspace:
        assert not workspace.library.verified
        window = started(qtbot, workspace, tmp_path)
        reloads: list[None] = []
        window.library_reloaded.connect(lambda: reloads.append(None))
        model = window.library_pane.model
        assert shown(model) == reference(expected, DATE, descending=True)
        for column in (TITLE, SOURCE, DATE):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                window.library_pane.view.sortByColumn(column, order)
                want = reference(expected, column, order == Qt.SortOrder.DescendingOrder)
                assert shown(model) == want, (column, order)
        window.library_pane.set_filter(tag="PORT", source="AP")
        wanted = [a for a in expected if a.source == "AP" and "port" in a.tags]
        assert sorted(shown(model)) == sorted(a.id for a in wanted) and wanted
        assert window.library_pane.count.text() == f"{len(wanted)} of 40 articles"
        qtbot.waitUntil(lambda: not window.syncing, timeout=WAIT_MS)
        assert workspace.library.verified and reloads == []  # files as the snapshot said
        window.close()


def test_files_added_and_deleted_while_closed_show_after_the_catch_up(
    qtbot: QtBot, folders: tuple[Path, Path], tmp_path: Path
) -> None:
    library_dir, data_dir = folders
    late = library_dir / "late-wire.md"
    late.write_text(
        "---\nid: late-wire\ntitle: Late wire\ndate: 2024-05-01\n---\n\nPelicans at dawn.\n",
        encoding="utf-8",
    )
    gone = Library(library_dir).get("a001").path
    assert gone is not None
    gone.unlink()
    with Workspace(library_dir, data_dir, verify_library=False) as workspace:
        window = open_window(qtbot, workspace, tmp_path)
        synced: list[object] = []
        window.index_synced.connect(synced.append)
        window.start_sync()
        qtbot.waitUntil(lambda: bool(synced), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.tasks.idle(), timeout=WAIT_MS)
        model = window.library_pane.model
        assert model.row_of("late-wire") == 0  # the newest
        assert model.row_of("a001") is None and model.total() == 40
        assert [h.id for h in workspace.index.search("pelicans").hits] == ["late-wire"]
        assert window.open_article("late-wire") and "Pelicans" in window.reader.text
        window.close()


articles_drawn = st.lists(
    st.builds(
        lambda n, title, days, source: Article(
            id=f"x{n}",
            title=title,
            body="x\n",
            date=dt.date(2001, 1, 1) + dt.timedelta(days=days) if days >= 0 else None,
            source=source,
        ),
        st.integers(),
        st.sampled_from(["b", "B", "a", "Ä", "c c", "C"]),
        st.integers(-1, 3),
        st.sampled_from([None, "", "x", "X", "y"]),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(articles_drawn, st.sampled_from([TITLE, SOURCE, DATE]), st.booleans())
def test_the_column_order_is_the_plain_sort(
    drawn: list[Article], column: int, descending: bool
) -> None:
    """Equal titles, equal days, missing values: the numpy order is the plain sort's."""
    for n, article in enumerate(drawn):
        article.id = f"x{n}"
    columns = ListColumns(drawn)
    order = columns.order(columns.accepted(None, None, None), column, descending)
    assert [drawn[i].id for i in order] == reference(drawn, column, descending)


def test_ids_at_answers_many_paths_in_one_pass_as_id_at_does_each(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    """What the watcher asks about a batch of deleted files and "open these files" about
    the files given: library files (by either spelling of the root), files elsewhere."""
    library_dir, _data = folders
    library = Library(library_dir)
    asked = [library_dir / f"{a}.md" for a in ("nothing", "else")] + [tmp_path / "x.md"]
    for article_id in ("a000", "a017", "a039"):
        path = library.get(article_id).path
        assert path is not None
        asked += [path, path.resolve()]
    found = library.ids_at(asked)
    assert found == {p: i for p in asked for i in library.ids_at([p]).values()}
    assert sorted(set(found.values())) == ["a000", "a017", "a039"]
