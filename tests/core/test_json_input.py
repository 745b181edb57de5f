"""The one reader of untrusted JSON, and text that cannot be saved: every failure is one
``BadJson`` (a ValueError with a reason), so an annotation file is set aside and an import
fails in one line; never a RecursionError, never a UnicodeEncodeError at write time."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.annotations import AnnotationStore
from app.core.annotations.importing import import_annotations
from app.core.article import Article
from app.core.errors import ImportFailed, InvalidInput
from app.core.index.annotation_fields import annotation_fields
from app.core.json_input import MAX_DEPTH, BadJson, parse_json
from app.core.library import Library
from app.core.valid_text import check_text

LIMIT = 10 * 1024 * 1024
DEEP = b"[" * 100_000

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(value=json_values, ascii_only=st.booleans())
def test_any_json_we_could_write_reads_back_the_same(value: object, ascii_only: bool) -> None:
    raw = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8")
    assert parse_json(raw, max_bytes=LIMIT) == value


@settings(max_examples=300, deadline=None)
@given(
    raw=st.binary(max_size=300)
    | st.builds(lambda n, tail: b"[" * n + tail, st.integers(0, 3000), st.binary(max_size=8))
    | st.builds(lambda v: json.dumps(v).encode()[:-1], json_values)
)
def test_any_bytes_give_a_value_or_bad_json_and_nothing_else(raw: bytes) -> None:
    try:
        parse_json(raw, max_bytes=LIMIT)
    except BadJson as exc:
        assert str(exc) and "\n" not in str(exc)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (DEEP, f"nested more than {MAX_DEPTH} levels deep"),
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nested more than"),
        (b'{"note": "\\ud800"}', "lone surrogate U+D800"),
        (b'{"\\udcff": 1}', "the byte 0xff"),
        (b'{"a": NaN}', "NaN is not a JSON number"),
        (b"[Infinity]", "Infinity is not a JSON number"),
        (b"1" * 5000, "thousands of digits"),
        (b"\xff\xfe{}", "not UTF-8 text: byte 1 is 0xff"),
        (b'{"a": 1', "not JSON (Expecting"),
        (b" " * (LIMIT + 1), "larger than 10.0 MB"),
    ],
)
def test_each_refusal_says_why(raw: bytes, reason: str) -> None:
    with pytest.raises(BadJson, match=re.escape(reason)):
        parse_json(raw, max_bytes=LIMIT)


def test_nesting_up_to_the_limit_and_escaped_pairs_are_fine() -> None:
    assert parse_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, max_bytes=LIMIT) is not None
    assert parse_json(b'"\\ud83d\\ude00"', max_bytes=LIMIT) == "\U0001f600"
    assert parse_json(b'["\\udcff"]', max_bytes=LIMIT, texts=False) == ["\udcff"]


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    library = Library(tmp_path / "library")
    library.add(Article(id="nato", title="NATO", body="NATO meets in Washington this week."))
    return AnnotationStore(tmp_path / "data" / "annotations", library)


def test_a_deeply_nested_annotation_file_is_set_aside_and_work_goes_on(
    store: AnnotationStore,
) -> None:
    path = store.path_for("nato")
    path.parent.mkdir(parents=True)
    path.write_bytes(DEEP)
    assert annotation_fields(path.parent, "nato") == ([], "")  # what search and sync read
    assert store.for_article("nato") == []
    [problem] = store.problems
    assert "nested more than 64 levels deep" in str(problem) and "set aside as" in str(problem)
    [aside] = path.parent.glob("nato.json.corrupt-*")
    assert aside.read_bytes() == DEEP  # every byte kept for the user
    made = store.create("nato", 0, 4, tags=["alliance"])
    assert store.for_article("nato") == [made]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (DEEP, "nested more than 64 levels deep"),
        (b'{"type": "Annotation", "bodyValue": "\\ud800"}', "not valid UTF-8"),
        (b"[NaN]", "NaN is not a JSON number"),
        (b'["caf\xe9"]', "not UTF-8 text"),
    ],
)
def test_an_import_that_cannot_be_read_fails_in_one_line(
    store: AnnotationStore, tmp_path: Path, content: bytes, reason: str
) -> None:
    source = tmp_path / "import.json"
    source.write_bytes(content)
    with pytest.raises(ImportFailed) as failed:
        import_annotations(source, store)
    message = str(failed.value)
    assert message.startswith(f"{source}: ") and reason in message and "\n" not in message
    assert store.article_ids() == []


@pytest.mark.parametrize("bad", ["\udcff", "a\ud800b"])
def test_core_operations_refuse_unsavable_text_naming_the_field(
    store: AnnotationStore, bad: str
) -> None:
    with pytest.raises(InvalidInput, match="the note is not valid UTF-8 text"):
        store.create("nato", 0, 4, note=bad)
    with pytest.raises(InvalidInput, match="a tag is not valid UTF-8 text"):
        store.create("nato", 0, 4, tags=[bad])
    made = store.create("nato", 0, 4)
    with pytest.raises(InvalidInput, match="the note"):
        store.set_note("nato", made.id, bad)
    with pytest.raises(InvalidInput, match="a tag"):
        store.rename_tag("x", bad)
    assert store.for_article("nato") == [made]


def test_check_text_names_the_byte_a_shell_argument_was() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_text("caf\udce9", "the argument --note")
    assert str(refused.value) == (
        "the argument --note is not valid UTF-8 text: character 4 is the byte 0xe9, "
        "which is not UTF-8"
    )
    assert check_text("café \U0001f600", "x") == "café \U0001f600"
