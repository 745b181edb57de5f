"""``import-annotations`` under fuzzing: nested, huge, non-UTF-8, random JSON, W3C-,
Readmark- and Hypothesis-shaped inputs (``tests/annotation_inputs.py``). Whatever comes in,
the import reports or fails in one line (ImportFailed); nothing else escapes, and every
annotation file it leaves reads back. A few seconds here; ``make bench ARGS='fuzz_annotations
--fuzz-minutes 10'`` runs the same generator for minutes."""

import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.annotations import AnnotationStore, files
from app.core.annotations.importing import import_annotations
from app.core.errors import ImportFailed
from app.core.library import Library
from tests.annotation_inputs import random_import
from tests.conftest import BUNDLED_LIBRARY


def import_one(store: AnnotationStore, source: Path, data: bytes) -> None:
    """Import ``data``; only ImportFailed may come out, and the store must read back whole."""
    source.write_bytes(data)
    try:
        import_annotations(source, store)
    except ImportFailed as exc:
        assert str(exc).startswith(f"{source}: ") and "\n" not in str(exc)
    for article_id in store.article_ids():
        files.read_file(store.path_for(article_id), article_id)  # raises if we wrote garbage
    assert not store.problems


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> AnnotationStore:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(BUNDLED_LIBRARY, root / "library")
    return AnnotationStore(root / "data" / "annotations", Library(root / "library"))


def _targets(store: AnnotationStore) -> tuple[list[str], list[str]]:
    library = store.library
    return library.ids(), [a.url for a in library if a.url]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1))
def test_generated_inputs_never_escape(store: AnnotationStore, tmp_path: Path, seed: int) -> None:
    ids, urls = _targets(store)
    import_one(store, tmp_path / "input.json", random_import(random.Random(seed), ids, urls))


anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=anything, shaped=st.booleans())
def test_any_json_value_never_escapes(
    store: AnnotationStore, tmp_path: Path, value: object, shaped: bool
) -> None:
    """Hypothesis' own JSON, alone or in the fields of a W3C annotation on a real article."""
    if shaped:
        article = store.library.ids()[0]
        value = {
            "type": "Annotation",
            "body": value,
            "target": {"source": f"urn:readmark:article:{article}", "selector": value},
        }
    import_one(store, tmp_path / "input.json", json.dumps(value).encode())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000))
def test_any_bytes_never_escape(store: AnnotationStore, tmp_path: Path, data: bytes) -> None:
    import_one(store, tmp_path / "input.json", data)
