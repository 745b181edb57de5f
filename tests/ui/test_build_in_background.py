"""A full build runs in the background (issue 11): its process, and the processes it
starts, give the CPU to the window at once. Niced only, a build process kept the window's
thread waiting for the end of its time slice at every highlight landing during a build."""

import multiprocessing
import os
import sys
from multiprocessing.queues import Queue
from pathlib import Path

import pytest

from app.core.article import Article
from app.core.workspace import Workspace
from app.ui.tasks.index_process import BACKGROUND_NICENESS, build_in_child, in_the_background

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="SCHED_IDLE is Linux's"
)


def scheduling(pid: int) -> tuple[int, int]:
    """The policy and nice value of a running process, as the kernel has them."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[38]), int(fields[16])  # stat fields 41 (policy) and 19 (nice)


def test_the_build_process_runs_only_on_time_the_window_leaves(tmp_path: Path) -> None:
    library, data = tmp_path / "library", tmp_path / "data"
    with Workspace(library, data) as workspace:
        for k in range(40):
            workspace.library.add(Article(id=f"a{k}", title=f"Story {k}", body=f"Words {k}."))
    seen: list[tuple[int, int]] = []

    def progress(_done: int, _total: int) -> None:
        seen.extend(scheduling(child.pid) for child in multiprocessing.active_children())

    report = build_in_child(library, data, progress, lambda: False)
    assert report.rebuilt and report.documents == 40
    assert seen
    assert all(policy == os.SCHED_IDLE and nice >= BACKGROUND_NICENESS for policy, nice in seen)
    assert os.sched_getscheduler(0) == os.SCHED_OTHER  # the window itself is not lowered


def _report_grandchild(answers: "Queue[tuple[int, int]]") -> None:
    in_the_background()
    context = multiprocessing.get_context("spawn")
    grandchild = context.Process(target=_report_self, args=(answers,))
    grandchild.start()
    grandchild.join()


def _report_self(answers: "Queue[tuple[int, int]]") -> None:
    answers.put((os.sched_getscheduler(0), os.getpriority(os.PRIO_PROCESS, 0)))


def test_the_build_workers_it_starts_inherit_the_background() -> None:
    """A large library is built by several processes the build process starts."""
    context = multiprocessing.get_context("spawn")
    answers: Queue[tuple[int, int]] = context.Queue()
    child = context.Process(target=_report_grandchild, args=(answers,))
    child.start()
    policy, nice = answers.get(timeout=60)
    child.join(60)
    answers.close()
    assert policy == os.SCHED_IDLE
    assert nice >= BACKGROUND_NICENESS
