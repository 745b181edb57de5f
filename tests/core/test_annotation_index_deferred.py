"""The window's deferred annotation index (issue 11): saves record what the index must take,
one call gives it everything recorded in one commit, and nothing recorded is ever dropped,
whichever threads add and take."""

import threading
import time
from pathlib import Path

from whoosh.index import open_dir

from app.core.article import Article
from app.core.index.latest import committed_count
from app.core.index.pending_notes import PendingNotes
from app.core.render import render
from app.core.workspace import Workspace

BODY = "Japan has cancelled the deployment of Aegis Ashore, a land-based missile defence system."


def generation(workspace: Workspace) -> int:
    return int(open_dir(str(workspace.index_dir)).latest_generation())


def indexed_workspace(library_dir: Path, data_dir: Path) -> Workspace:
    workspace = Workspace(library_dir, data_dir)
    for n in range(3):
        workspace.library.add(Article(id=f"japan-{n}", title=f"Japan {n}", body=BODY))
    workspace.index.sync()
    return workspace


def test_a_burst_of_saves_is_one_wake_and_one_commit(library_dir: Path, data_dir: Path) -> None:
    wakes: list[int] = []
    with indexed_workspace(library_dir, data_dir) as workspace:
        workspace.defer_annotation_index(lambda: wakes.append(1))
        before = generation(workspace)
        start = render(BODY).text.index("Aegis")
        for n in range(3):
            for k in range(4):
                workspace.annotations.create(f"japan-{n}", start, start + 5, tags=[f"t{k}"])
        assert len(wakes) == 1  # the first save asked for the one job that takes them all
        assert generation(workspace) == before  # saved, not committed yet
        assert workspace.index.search("tag:t3").total == 0
        assert workspace.index_annotations() == {"japan-0", "japan-1", "japan-2"}
        assert generation(workspace) == before + 1
        assert workspace.index.search("tag:t3").total == 3
        assert workspace.index_annotations() == frozenset()  # nothing left: no empty commit
        assert generation(workspace) == before + 1
        workspace.annotations.create("japan-0", start, start + 5, tags=["later"])
        assert len(wakes) == 2  # the next burst wakes again


def test_the_latest_tags_of_an_article_win(library_dir: Path, data_dir: Path) -> None:
    with indexed_workspace(library_dir, data_dir) as workspace:
        workspace.defer_annotation_index(lambda: None)
        start = render(BODY).text.index("Aegis")
        made = workspace.annotations.create("japan-0", start, start + 5, tags=["draft"])
        workspace.annotations.set_tags("japan-0", made.id, ["final"])
        workspace.index_annotations()
        assert workspace.index.search("tag:draft").total == 0
        assert [h.id for h in workspace.index.search("tag:final").hits] == ["japan-0"]


def test_closing_gives_the_index_what_is_still_recorded(library_dir: Path, data_dir: Path) -> None:
    start = render(BODY).text.index("Aegis")
    with indexed_workspace(library_dir, data_dir) as workspace:
        workspace.defer_annotation_index(lambda: None)
        workspace.annotations.create("japan-1", start, start + 5, note="ask the ministry")
    with Workspace(library_dir, data_dir) as reopened:
        assert committed_count(reopened.index_dir) == 3
        assert [h.id for h in reopened.index.search("note:ministry").hits] == ["japan-1"]


def test_changes_added_while_others_are_taken_are_never_lost() -> None:
    """Four adding threads and one taking thread: every article's last change is taken
    exactly once, and a wake came for every burst the taker found waiting."""
    wakes = threading.Semaphore(0)
    pending = PendingNotes(wakes.release)
    taken: dict[str, tuple[list[str], str]] = {}
    done = threading.Event()

    def add(worker: int) -> None:
        for n in range(500):
            pending.add({f"w{worker}-{n}": ([f"t{n}"], "")})

    def take() -> None:
        """Takes only when woken, until the adders are done and no wake is left: a change
        recorded without a wake for it would be left behind, and the count below fails."""
        while True:
            if wakes.acquire(timeout=0.01):
                batch = pending.take()
                assert not set(batch) & set(taken)
                taken.update(batch)
            elif done.is_set():
                return

    taker = threading.Thread(target=take)
    taker.start()
    adders = [threading.Thread(target=add, args=(w,)) for w in range(4)]
    for thread in adders:
        thread.start()
    for thread in adders:
        thread.join()
    done.set()
    taker.join(timeout=10)
    assert not taker.is_alive()
    assert len(taken) == 2000 and taken["w3-499"] == (["t499"], "")


def adding(
    pending: PendingNotes, count: int, apart: float, times: list[float] | None = None
) -> threading.Thread:
    """A thread saving ``count`` changes ``apart`` seconds from each other, as a user
    highlighting quickly; ``times`` gets when each was recorded."""

    def add() -> None:
        for n in range(count):
            pending.add({f"article-{n}": ([f"t{n}"], "")})
            if times is not None:
                times.append(time.monotonic())
            time.sleep(apart)

    return threading.Thread(target=add)


def test_the_window_commits_after_a_pause_in_the_saves() -> None:
    """A burst of saves is one take, after the last save and the quiet period: a commit
    beside each landing made the GUI thread wait for the interpreter (issue 11)."""
    pending = PendingNotes(lambda: None)
    saved: list[float] = []
    burst = adding(pending, 10, 0.02, saved)
    burst.start()
    time.sleep(0.005)  # the first save is recorded; the index worker's job starts
    taken = pending.take_when_quiet(quiet=0.5, longest=60)
    stopped_waiting = time.monotonic()
    burst.join()
    assert len(taken) == 10  # the whole burst, in one take
    assert stopped_waiting - saved[-1] >= 0.5


def test_a_steady_stream_of_saves_still_reaches_the_index() -> None:
    pending = PendingNotes(lambda: None)
    stream = adding(pending, 40, 0.05)  # two seconds of saves, never a pause
    stream.start()
    time.sleep(0.005)
    first = pending.take_when_quiet(quiet=0.3, longest=0.5)
    stream.join()
    assert 0 < len(first) < 40  # taken while the saves went on
    assert len(first) + len(pending.take()) == 40


def test_a_closing_window_stops_the_wait_at_once() -> None:
    pending = PendingNotes(lambda: None)
    pending.add({"article-0": (["t"], "")})
    taken: list[dict[str, tuple[list[str], str]]] = []
    taker = threading.Thread(target=lambda: taken.append(pending.take_when_quiet(quiet=60)))
    taker.start()
    time.sleep(0.05)
    pending.stop_waiting()
    taker.join(timeout=5)
    assert not taker.is_alive() and taken == [{"article-0": (["t"], "")}]
    pending.add({"article-1": (["t"], "")})
    assert pending.take_when_quiet(quiet=60) == {"article-1": (["t"], "")}  # nor any later
