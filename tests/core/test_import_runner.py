"""``import_paths`` itself: folders, duplicates, progress, cancel, and a worker thread."""

import threading
from pathlib import Path

from app.core.importers import import_paths
from app.core.library import ID_LOG, read_article_file
from app.core.workspace import Workspace
from tests.conftest import SEEDS, require_shared


def _stories(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"story-{n:03}.txt"
        text = f"Story number {n}\n\nThis is story {n} from {folder.name}.\n"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "library", tmp_path / "data")


def test_folder_names_become_tags_only_when_asked(tmp_path: Path) -> None:
    root = tmp_path / "reuters21578"
    _stories(root / "wire", 2)
    plain = _workspace(tmp_path / "plain")
    report = import_paths(plain, [root])
    assert len(report.imported) == 2
    assert [plain.library.get(i).tags for i in report.ids] == [[], []]
    asked = _workspace(tmp_path / "asked")
    report = import_paths(asked, [root], folder_tags=True)
    assert [asked.library.get(i).tags for i in report.ids] == [["reuters21578", "wire"]] * 2


def test_folders_import_recursively_with_folder_tags(tmp_path: Path) -> None:
    root = tmp_path / "news"
    _stories(root / "sport", 2)
    _stories(root / "sport" / "tennis", 1)
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_text("Hidden\n\nNot imported.\n", encoding="utf-8")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    outside = _stories(tmp_path / "elsewhere", 1)[0]
    (root / "sport" / "linked.txt").symlink_to(outside)
    workspace = _workspace(tmp_path)
    report = import_paths(workspace, [root], folder_tags=True)
    assert len(report.imported) == 3
    assert report.ignored == [root / "photo.png"]
    # a link out of the folder is never followed: one report line, not an article
    assert [f.source for f in report.failed] == [str(root / "sport" / "linked.txt")]
    assert "outside the imported folder" in report.failed[0].reason
    tags = sorted(tuple(workspace.library.get(i).tags) for i in report.ids)
    assert tags == [("news", "sport")] * 2 + [("news", "sport", "tennis")]
    origins = {workspace.library.get(i).imported_from for i in report.ids}
    assert "news/sport/story-000.txt" in origins


def test_reimport_is_recognised_by_content_and_writes_nothing(tmp_path: Path) -> None:
    require_shared(SEEDS)
    workspace = _workspace(tmp_path)
    first = import_paths(workspace, [SEEDS])
    files = sorted(workspace.library_dir.iterdir())
    again = import_paths(Workspace(tmp_path / "library", tmp_path / "data"), [SEEDS])
    assert again.imported == [] and again.ok
    assert [d.existing_id for d in again.duplicates] == first.ids
    assert sorted(workspace.library_dir.iterdir()) == files
    log = (workspace.library_dir / ID_LOG).read_text(encoding="utf-8").split()
    assert log == first.ids


def test_progress_counts_every_file_in_order(tmp_path: Path) -> None:
    paths = _stories(tmp_path / "in", 5)
    calls: list[tuple[int, int, str]] = []
    import_paths(_workspace(tmp_path), paths, progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 5, "")
    assert [c[0] for c in calls] == [0, 1, 2, 3, 4, 5]
    assert {c[1] for c in calls} == {5}
    assert calls[-1][2] == "story-004.txt"


def test_cancel_stops_between_files_and_leaves_only_whole_articles(tmp_path: Path) -> None:
    paths = _stories(tmp_path / "in", 20)
    stop = threading.Event()

    def progress(done: int, _total: int, _name: str) -> None:
        if done == 3:
            stop.set()

    workspace = _workspace(tmp_path)
    report = import_paths(workspace, paths, progress=progress, cancel=stop.is_set)
    assert report.cancelled and not report.ok
    assert len(report.imported) == 3
    files = sorted(workspace.library_dir.glob("*"))
    assert [p.name for p in files if p.name.endswith(".tmp")] == []
    assert len(list(workspace.library_dir.glob("*.md"))) == 3
    for path in workspace.library_dir.glob("*.md"):
        read_article_file(path)
    assert "cancelled" in report.summary()


def test_cancel_as_a_callable_before_anything_starts(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    report = import_paths(workspace, _stories(tmp_path / "in", 3), cancel=lambda: True)
    assert report.cancelled and report.imported == []
    assert list(workspace.library_dir.glob("*.md")) == []


def test_runs_on_a_worker_thread_with_progress_from_that_thread(tmp_path: Path) -> None:
    paths = _stories(tmp_path / "in", 4)
    workspace = _workspace(tmp_path)
    seen_threads: set[int] = set()
    results = []

    def work() -> None:
        results.append(
            import_paths(
                workspace, paths, progress=lambda *_: seen_threads.add(threading.get_ident())
            )
        )

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert len(results[0].imported) == 4
    assert seen_threads == {worker.ident}
