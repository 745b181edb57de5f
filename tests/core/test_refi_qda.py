"""REFI-QDA: .qdc and .qdpx written, checked element by element against the standard's
schemas (Codebook.xsd, Project-mrt2019.xsd), read back, and hostile projects refused."""

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, fromstring

import pytest

from app.core.annotations import AnnotationStore
from app.core.annotations.importing import import_annotations
from app.core.article import Article
from app.core.codebook import Codebook
from app.core.errors import ImportFailed
from app.core.export import select
from app.core.export.refi_qda import guid, project_files, to_qdc, write_qdpx
from app.core.library import Library
from app.core.render import render

BODY = (
    "Japan dropped *Aegis Ashore* in 2020.\n\n"
    "Critics said the costs — über-high — were the reason. 東京 was consulted."
)
P = "{urn:QDA-XML:project:1.0}"
C = "{urn:QDA-XML:codebook:1.0}"
GUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# The schemas' sequences: each element's children may only be these, in this order, and
# these attributes are required (Project-mrt2019.xsd and Codebook.xsd, REFI-QDA 1.5).
CHILDREN = {
    "Project": ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets",
                "Graphs", "Description", "NoteRef"],
    "Users": ["User"],
    "CodeBook": ["Codes", "Sets"],
    "Codes": ["Code"],
    "Code": ["Description", "NoteRef", "Code"],
    "Sources": ["TextSource"],
    "TextSource": ["Description", "PlainTextContent", "PlainTextSelection", "Coding", "NoteRef",
                   "VariableValue"],
    "PlainTextSelection": ["Description", "Coding", "NoteRef"],
    "Coding": ["CodeRef", "NoteRef"],
    "Notes": ["Note"],
    "Note": ["Description", "PlainTextContent", "PlainTextSelection", "Coding", "NoteRef",
             "VariableValue"],
    "User": [], "CodeRef": [], "NoteRef": [], "Description": [], "PlainTextContent": [],
}  # fmt: skip
REQUIRED = {
    "Project": ["name"],
    "User": ["guid"],
    "Code": ["guid", "name", "isCodable"],
    "TextSource": ["guid"],
    "PlainTextSelection": ["guid", "startPosition", "endPosition"],
    "Coding": ["guid"],
    "CodeRef": ["targetGUID"],
    "NoteRef": ["targetGUID"],
    "Note": ["guid"],
}
GUID_ATTRIBUTES = {"guid", "targetGUID", "creatingUser", "modifyingUser", "creatingUserGUID"}
NOT_EMPTY = {"Users", "Codes", "Sources", "Notes", "Coding"}


def check_structure(element: Element, namespace: str) -> int:
    """Every element against CHILDREN and REQUIRED; returns how many were checked."""
    name = element.tag.removeprefix(namespace)
    assert element.tag.startswith(namespace), element.tag
    allowed = CHILDREN[name]
    order = [allowed.index(child.tag.removeprefix(namespace)) for child in element]
    assert order == sorted(order), f"{name}: children out of the schema's order"
    assert all(a in element.attrib for a in REQUIRED.get(name, [])), (name, element.attrib)
    for attribute, value in element.attrib.items():
        if attribute in GUID_ATTRIBUTES:
            assert re.fullmatch(GUID, value), (name, attribute, value)
    if name == "Code":
        assert element.get("isCodable") in ("true", "false")
        assert re.fullmatch(r"#[0-9a-f]{6}", element.get("color", "#000000"))
    if name == "PlainTextSelection":
        assert 0 <= int(element.get("startPosition", "")) < int(element.get("endPosition", ""))
    if name in NOT_EMPTY:
        assert len(element), f"{name} may not be empty"
    return 1 + sum(check_structure(child, namespace) for child in element)


@pytest.fixture
def store(library_dir: Path, data_dir: Path) -> AnnotationStore:
    library = Library(library_dir)
    library.add(
        Article(id="aegis", title="Japan drops Aegis Ashore", body=BODY, author="Jane Smith",
                date=dt.date(2020, 6, 15), source="Reuters", url="https://example.com/a")
    )  # fmt: skip
    store = AnnotationStore(data_dir / "annotations", library)
    text = render(BODY).text
    for quote, tags, note in (
        ("Aegis Ashore", ["defence/missile-defence/aegis-ashore", "Japan"], "Why *now*?"),
        ("über-high", ["costs"], ""),
        ("東京 was consulted", ["japan"], "Tokyo"),
    ):
        start = text.index(quote)
        store.create("aegis", start, start + len(quote), tags=tags, note=note)
    store.create_note("aegis", "The whole piece is **useful**.")
    book = Codebook(data_dir)
    book.set("defence", description="Military matters.", colour="#336699")
    book.set("defence/missile-defence/aegis-ashore", description="The land-based system.")
    return store


def _qdpx(store: AnnotationStore, tmp_path: Path) -> Path:
    path = tmp_path / "project.qdpx"
    write_qdpx(path, select(store), Codebook(store.folder.parent).codes())
    return path


def test_project_matches_the_schema_element_by_element(
    store: AnnotationStore, tmp_path: Path
) -> None:
    path = _qdpx(store, tmp_path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        root = fromstring(archive.read("project.qde"))
        source_guid = guid("article", "aegis")
        assert sorted(names) == ["project.qde", f"sources/{source_guid}.txt"]
        stored = archive.read(f"sources/{source_guid}.txt").decode("utf-8")
    assert stored == render(BODY).text
    assert check_structure(root, P) > 15
    source = root.find(f"{P}Sources/{P}TextSource")
    assert source is not None and source.get("plainTextPath") == f"internal://{source_guid}.txt"
    selections = source.findall(f"{P}PlainTextSelection")
    by_text = {
        stored[int(s.get("startPosition", 0)) : int(s.get("endPosition", 0))]: s for s in selections
    }
    assert set(by_text) == {"Aegis Ashore", "über-high", "東京 was consulted"}  # code points
    assert len(by_text["Aegis Ashore"].findall(f"{P}Coding")) == 2
    codes = root.findall(f".//{P}Code")
    assert [c.get("name") for c in root.findall(f"{P}CodeBook/{P}Codes/{P}Code")] == [
        "costs", "defence", "Japan"]  # fmt: skip
    assert {c.get("name") for c in codes} >= {"missile-defence", "aegis-ashore"}
    notes = [n.findtext(f"{P}PlainTextContent") for n in root.findall(f"{P}Notes/{P}Note")]
    assert sorted(notes) == ["The whole piece is **useful**.", "Tokyo", "Why *now*?"]


def test_guids_are_the_same_in_every_export(store: AnnotationStore) -> None:
    first = project_files(select(store), [], "p")["project.qde"]
    second = project_files(select(store), [], "p")["project.qde"]
    stamps = re.compile(rb' creationDateTime="[^"]*"')  # the export's own time differs
    assert stamps.sub(b"", first) == stamps.sub(b"", second)
    highlight = next(a for a in store.all() if a.exact is not None)
    assert f'guid="{guid("highlight", highlight.id)}"'.encode() in first


def test_codebook_file_matches_its_schema(store: AnnotationStore) -> None:
    text = to_qdc(["japan", "defence/missile-defence"], Codebook(store.folder.parent).codes())
    root = fromstring(text.encode("utf-8"))
    assert check_structure(root, C) == 8  # CodeBook, Codes, 4 codes, 2 descriptions
    defence = root.find(f"{C}Codes/{C}Code[@name='defence']")
    assert defence is not None and defence.get("color") == "#336699"
    assert defence.findtext(f"{C}Description") == "Military matters."


def _tags_and_ranges(
    store: AnnotationStore, article_id: str
) -> list[tuple[str, tuple[str, ...], str]]:
    text = render(store.library.get(article_id).body).text
    found = []
    for placed in store.placed(article_id):
        anchor = placed.anchor
        quote = "" if anchor is None else text[anchor.start or 0 : anchor.end or 0]
        found.append((quote, tuple(sorted(t.casefold() for t in placed.annotation.tags)),
                      placed.annotation.note))  # fmt: skip
    return sorted(found)


def test_export_then_import_into_an_empty_library(store: AnnotationStore, tmp_path: Path) -> None:
    path = _qdpx(store, tmp_path)
    fresh = AnnotationStore(tmp_path / "other" / "annotations", Library(tmp_path / "other-lib"))
    report = import_annotations(path, fresh)
    assert report.summary().startswith("1 article(s) added, 5 code(s); 4 imported")
    (article,) = list(fresh.library)
    assert (article.title, article.author, article.source, article.url) == (
        "Japan drops Aegis Ashore", "Jane Smith", "Reuters", "https://example.com/a")  # fmt: skip
    assert article.date == dt.date(2020, 6, 15)
    assert _tags_and_ranges(fresh, article.id) == _tags_and_ranges(store, "aegis")
    ours, theirs = Codebook(store.folder.parent).codes(), Codebook(fresh.folder.parent).codes()
    described = {c.name.casefold(): (c.description, c.colour) for c in ours}
    assert {
        c.name.casefold(): (c.description, c.colour) for c in theirs if c.description
    } == described
    assert {c.name for c in theirs} >= {"defence/missile-defence/aegis-ashore", "costs"}


def test_import_of_our_own_export_changes_nothing(store: AnnotationStore, tmp_path: Path) -> None:
    path = _qdpx(store, tmp_path)
    before = {a.id: a for a in store.all()}
    report = import_annotations(path, store)
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 4)
    assert {a.id: a for a in store.all()} == before
    assert len(list(store.library)) == 1


def test_a_codebook_file_round_trips(store: AnnotationStore, tmp_path: Path) -> None:
    qdc = tmp_path / "codes.qdc"
    qdc.write_text(to_qdc(["costs"], Codebook(store.folder.parent).codes()), encoding="utf-8")
    other = tmp_path / "data2"
    other.mkdir()
    fresh = AnnotationStore(other / "annotations", Library(tmp_path / "lib2"))
    assert import_annotations(qdc, fresh).summary().startswith("0 article(s) added, 4 code(s)")
    imported = Codebook(other).codes()
    assert [c for c in imported if c.description or c.colour] == Codebook(
        store.folder.parent
    ).codes()
    assert {c.name for c in imported} == {
        "costs",
        "defence",
        "defence/missile-defence",
        "defence/missile-defence/aegis-ashore",
    }


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PROJECT = (
    '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
    '<TextSource guid="11111111-1111-1111-1111-111111111111" name="t" plainTextPath="{path}"/>'
    "</Sources></Project>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
)


@pytest.mark.parametrize(
    ("members", "said"),
    [
        ({"project.qde": PROJECT.format(path="internal://x.txt").encode(),
          "sources/x.txt": b"\0" * (150 * 1024 * 1024)}, "zip bomb"),
        ({"project.qde": XXE.encode()}, "declares XML entities"),
        ({"project.qde": PROJECT.format(path="internal://x").encode(), "sources/../../x": b"a"},
         "points outside the archive"),
        ({"project.qde": PROJECT.format(path="internal://../../etc/passwd").encode()},
         "points outside sources/"),
        ({"sources/a.txt": b"a"}, "project.qde is missing"),
        ({"project.qde": b"<Project"}, "not well-formed"),
    ],
)  # fmt: skip
def test_hostile_projects_are_refused_in_one_line(
    members: dict[str, bytes], said: str, tmp_path: Path, data_dir: Path, library_dir: Path
) -> None:
    path = tmp_path / "hostile.qdpx"
    path.write_bytes(_zip(members))
    store = AnnotationStore(data_dir / "annotations", Library(library_dir))
    with pytest.raises(ImportFailed) as refused:
        import_annotations(path, store)
    message = str(refused.value)
    assert said in message and "\n" not in message and str(path) in message
    assert store.all() == [] and list(store.library) == []
