"""Files stay in the library: hostile front-matter ids, hand-placed files with bad ids, ids
typed on the command line, and links in imported folders and in the library itself.

Every hostile id of issue 10 goes through the real importer and the real CLI process, and
each time nothing appears outside the library folder, the article lands directly inside it
under a valid id, and the user is told."""

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.annotations.files import file_name
from app.core.article import Article, serialize_article
from app.core.errors import InvalidInput, NotFound
from app.core.ids import MAX_BYTES, MAX_CHARS, id_problem, is_valid_id, unique_id
from app.core.importers import import_paths
from app.core.index import SearchIndex
from app.core.library import ID_LOG, Library
from app.core.workspace import Workspace
from tests.e2e.cli_process import run_cli

HOSTILE = {
    "parent": "../../outside/escaped-parent",
    "absolute": "{outside}/escaped-absolute",
    "sub-folder": "sub/dir",
    "long": "x" * 300,
    "nul": "a\0b",
    "newline": "first\nsecond",
    "hidden": ".hidden",
    "dot-dot": "..",
    "backslash": "a\\b",
    "option": "-rf",
    "bidi": "abc\u202egpj.exe",
    "wide": "字" * 70,  # 70 characters, 210 bytes
}


def _write_hostile_folder(folder: Path, outside: Path) -> None:
    folder.mkdir(parents=True)
    for key, wanted in HOSTILE.items():
        meta = {"id": wanted.format(outside=outside), "title": f"The {key} story"}
        front = yaml.safe_dump(meta, allow_unicode=True)
        text = f"---\n{front}---\nThe {key} story has words of its own.\n"
        (folder / f"{key}.md").write_text(text, encoding="utf-8")


def _everything_outside(tmp_path: Path, *inside: Path) -> set[Path]:
    """Every path under ``tmp_path`` except the folders Readmark may write to."""
    return {p for p in tmp_path.rglob("*") if not any(p.is_relative_to(i) for i in inside)}


def _assert_all_inside(library: Path, ids: list[str]) -> None:
    assert len(ids) == len(HOSTILE) == len(set(ids))
    for article_id in ids:
        assert is_valid_id(article_id), article_id
        assert (library / f"{article_id}.md").is_file()
    assert sorted(Library(library).ids()) == sorted(ids)
    log = (library / ID_LOG).read_text(encoding="utf-8").splitlines()
    assert sorted(log) == sorted(ids)  # one line per id: no id split the log


def test_hostile_ids_via_the_importer_stay_in_the_library(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write_hostile_folder(tmp_path / "in", outside)
    library, data = tmp_path / "library", tmp_path / "data"
    before = _everything_outside(tmp_path, library, data)
    with Workspace(library, data) as workspace:
        report = import_paths(workspace, [tmp_path / "in"])
    assert _everything_outside(tmp_path, library, data) == before
    assert not outside.exists()
    assert report.ok and not report.duplicates
    for item in report.imported:
        assert item.path.parent == library
        assert len(item.warnings) == 1 and "cannot be used" in item.warnings[0], item
        assert item.warnings[0].endswith(f"imported as '{item.id}'")
        assert "\n" not in item.warnings[0]
    _assert_all_inside(library, report.ids)


def test_hostile_ids_via_the_cli_stay_in_the_library(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write_hostile_folder(tmp_path / "in", outside)
    library, data = tmp_path / "library", tmp_path / "data"
    before = _everything_outside(tmp_path, library, data)
    done = run_cli(library, data, "import", str(tmp_path / "in"))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "cannot be used" in line]
    assert len(warnings) == len(HOSTILE), done.stderr
    assert _everything_outside(tmp_path, library, data) == before
    listed = run_cli(library, data, "list", "--json")
    assert listed.returncode == 0 and not listed.stderr
    _assert_all_inside(library, [a["id"] for a in json.loads(listed.stdout)])


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["show", "../../etc/passwd"], 1),
        (["show", "/etc/passwd"], 1),
        (["show", "first\nsecond"], 1),
        (["show", "x" * 300], 1),
        (["annotate", "../x", "--quote", "words"], 1),
        (["annotations", "sub/dir"], 1),
        (["show", "-rf"], 2),  # read as an option: a usage message
    ],
)
def test_a_bad_id_on_the_command_line_is_a_clear_message(
    tmp_path: Path, args: list[str], status: int
) -> None:
    done = run_cli(tmp_path / "library", tmp_path / "data", *args)
    assert done.returncode == status
    assert "Traceback" not in done.stderr
    if status == 1:
        assert done.stderr.startswith("readmark: no article with id")
        assert done.stderr.count("\n") == 1  # one line, even for an id with a line break


def test_a_hand_placed_file_with_a_bad_id_is_a_problem_naming_it(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    good = Article(id="fine", title="Fine", body="A shared word here.\n")
    (library / "fine.md").write_text(serialize_article(good), encoding="utf-8")
    bad = "---\nid: ../../escape\ntitle: Escape\n---\nA shared word there.\n"
    (library / "escape.md").write_text(bad, encoding="utf-8")
    shown = Library(library)
    assert shown.ids() == ["fine"]
    assert [p.path.name for p in shown.problems] == ["escape.md"]
    assert "change the id: line" in shown.problems[0].message
    index = SearchIndex(tmp_path / "index", shown)
    report = index.sync()
    assert any(p.startswith("escape.md: its id '../../escape'") for p in report.problems)
    assert [hit.id for hit in index.search("shared").hits] == ["fine"]
    index.close()
    assert (library / "escape.md").read_text(encoding="utf-8") == bad  # left as it is


def test_saving_details_never_writes_under_a_bad_id(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    article = library.add(Article(id="kept", title="Kept", body="Body.\n"))
    assert article.path is not None
    before = article.path.read_bytes()
    article.id = "../../escape"
    with pytest.raises(InvalidInput, match="not a valid article id"):
        library.save_metadata(article)
    assert article.path.read_bytes() == before
    with pytest.raises(InvalidInput):
        library.add(Article(id="a/b", title="No", body="No.\n"))
    with pytest.raises(NotFound, match=r"no article with id 'a\\nb' \(it contains"):
        library.get("a\nb")


@pytest.mark.parametrize("bad", [*HOSTILE.values(), "", " x", "x ", "caf\u0065\u0301"])
def test_annotation_files_refuse_every_bad_id(bad: str) -> None:
    with pytest.raises(InvalidInput, match="cannot name an annotation file"):
        file_name(bad)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_a_valid_id_names_one_plain_file_directly_inside_its_folder(text: str) -> None:
    if id_problem(text) is not None:
        return
    name = file_name(text)
    assert Path(name).name == name and name == f"{text}.json"
    assert not name.startswith((".", "-")) and text.isprintable() and text == text.strip()
    assert len(text) <= MAX_CHARS and len(name.encode("utf-8")) <= MAX_BYTES + 5
    taken = unique_id(text, {text, f"{text[: MAX_CHARS - 2]}-2"})
    assert is_valid_id(taken) and taken != text


# Any text YAML can carry (surrogates it cannot); examples share one library, so each body
# is numbered to stay a new article.
wanted_ids = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)


@given(wanted=wanted_ids)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_wanted_id_lands_directly_inside_the_library(tmp_path: Path, wanted: str) -> None:
    number = len(list(tmp_path.glob("in-*")))
    folder = tmp_path / f"in-{number}"
    folder.mkdir()
    front = yaml.safe_dump({"id": wanted, "title": "A title"}, allow_unicode=True)
    text = f"---\n{front}---\nStory number {number} of the property test.\n"
    (folder / "story.md").write_text(text, encoding="utf-8")
    library = tmp_path / "library"
    with Workspace(library, tmp_path / "data") as workspace:
        report = import_paths(workspace, [folder / "story.md"])
    assert report.ok and len(report.imported) == 1, report
    item = report.imported[0]
    assert is_valid_id(item.id) and item.path.parent == library
    assert item.id in Library(library).ids()
    typed = wanted.strip()
    if typed and is_valid_id(typed) and item.id == typed:
        assert not item.warnings
    elif typed:
        assert item.warnings and f"imported as '{item.id}'" in item.warnings[-1]
    assert {p.name for p in tmp_path.iterdir()} <= {
        "library",
        "data",
        *(f"in-{n}" for n in range(number + 1)),
    }


def _story(path: Path, words: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{words.capitalize()}\n\nThe story of {words}.\n", encoding="utf-8")


@pytest.mark.timeout(30)
def test_an_import_never_follows_links_out_of_the_folder_and_never_loops(
    tmp_path: Path,
) -> None:
    root, outside = tmp_path / "news", tmp_path / "elsewhere"
    _story(root / "home.txt", "home news")
    _story(root / "world" / "away.txt", "world news")
    _story(outside / "secret.txt", "a private letter")
    _story(outside / "folder" / "private.txt", "a private diary")
    (root / "letter.txt").symlink_to(outside / "secret.txt")
    (root / "diary").symlink_to(outside / "folder")
    (root / "gone.txt").symlink_to(tmp_path / "nothing-here.txt")
    (root / "world" / "again.txt").symlink_to(root / "home.txt")  # inside: read where it is
    (root / "world" / "loop").symlink_to(root)  # a loop back to the top
    (root / "world" / "up").symlink_to(root.parent)  # a loop over the whole tmp folder
    (root / "self").symlink_to(root / "self")  # a link to itself
    with Workspace(tmp_path / "library", tmp_path / "data") as workspace:
        report = import_paths(workspace, [root])
        bodies = sorted(workspace.library.get(i).body for i in report.ids)
    assert bodies == ["The story of home news.\n", "The story of world news.\n"]
    reasons = {Path(f.source).name: f.reason for f in report.failed}
    assert set(reasons) == {"letter.txt", "diary", "gone.txt", "up", "self"}
    assert "outside the imported folder" in reasons["letter.txt"]
    assert str(outside / "folder") in reasons["diary"]
    assert "leads nowhere" in reasons["gone.txt"] and "leads nowhere" in reasons["self"]


def _article(library: Path, rel: str, article_id: str) -> None:
    path = library / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    article = Article(id=article_id, title=article_id, body=f"A shared word in {article_id}.\n")
    path.write_text(serialize_article(article), encoding="utf-8")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("loops", [1, 2])
def test_the_library_and_the_index_see_the_same_files_despite_link_loops(
    tmp_path: Path, loops: int
) -> None:
    library = tmp_path / "library"
    _article(library, "top.md", "top")
    _article(library, "a/inner.md", "inner")
    _article(library, "a-b.md", "a-b")  # sorts between 'a' and 'a/' one way or the other
    (library / "a" / "loop").symlink_to(library)
    if loops == 2:
        _article(library, "b/deeper.md", "deeper")
        (library / "b" / "back").symlink_to(library / "a")
        (library / "a" / "over").symlink_to(library / "b")
    shown = Library(library)
    index = SearchIndex(tmp_path / "index", shown)
    index.sync()
    _article(library, "a/later.md", "later")  # an incremental sync walks the loops too
    report = index.sync()
    shown.refresh()
    found = sorted(hit.id for hit in index.search("shared", limit=100).hits)
    index.close()
    expected = ["a-b", "inner", "later", "top"] + (["deeper"] if loops == 2 else [])
    assert sorted(shown.ids()) == found == sorted(expected)
    assert report.added == 1 and not shown.problems and not report.problems


def test_annotation_files_named_by_hand_with_a_bad_id_are_no_articles(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "annotations"
    folder.mkdir(parents=True)
    for stem in ("-rf", "a b", ".hidden", "fine"):
        (folder / f"{stem}.json").write_text("{}", encoding="utf-8")
    with Workspace(tmp_path / "library", tmp_path / "data") as workspace:
        assert workspace.annotations.article_ids() == ["fine"]
    done = run_cli(tmp_path / "library", tmp_path / "data", "annotations")
    assert "cannot name" not in done.stderr and "Traceback" not in done.stderr
