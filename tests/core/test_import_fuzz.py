"""Fuzzing every importer (issue 10): arbitrary bytes, nested structures, hostile YAML and
text in any encoding give articles or one failure line, never an exception, through
``parse_bytes`` and through ``import_paths`` into a real library.

Bounded for CI (a few seconds each); ``make bench ARGS="fuzz --fuzz-minutes 10"`` runs the
long version (tests/perf/bench_fuzz.py) on the same hostile pieces.
"""

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import ImportFailed
from app.core.importers import import_paths
from app.core.importers.detect import parse_bytes
from app.core.library import Library
from app.core.render import render
from app.core.workspace import Workspace
from tests.hostile_inputs import ENCODINGS, FORMATS, Format, encode

FAST = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))


def _structured(fmt: Format) -> st.SearchStrategy[str]:
    """Hostile pieces, words and stray characters, nested inside the format's pairs."""
    leaf = st.one_of(st.sampled_from(fmt.pieces), st.text(max_size=12))
    return st.recursive(
        st.lists(leaf, max_size=8).map("".join),
        lambda inner: st.tuples(st.sampled_from(fmt.pairs), st.lists(inner, max_size=4)).map(
            lambda pair_parts: pair_parts[0][0] + "".join(pair_parts[1]) + pair_parts[0][1]
        ),
        max_leaves=30,
    )


def _inputs(fmt: Format) -> st.SearchStrategy[bytes]:
    built = st.tuples(st.booleans(), _structured(fmt), st.sampled_from(ENCODINGS)).map(
        lambda t: encode((fmt.prefix if t[0] else "") + t[1], t[2])
    )
    return st.one_of(built, st.binary(max_size=3000))


def _parses_or_fails_in_one_line(data: bytes, fmt: Format) -> None:
    try:
        drafts, failures = parse_bytes(data, fmt.suffix, f"input{fmt.suffix}")
    except ImportFailed as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert drafts or failures
    for failure in failures:
        assert failure.reason and "\n" not in failure.reason
    for draft in drafts:
        assert draft.title.strip() and "\n" not in draft.title
        render(draft.body)


@pytest.mark.parametrize("name", list(FORMATS))
@FAST
@given(st.data())
def test_importer_gives_articles_or_one_failure_line(name: str, data: st.DataObject) -> None:
    """Plain text, Markdown (with hostile front matter), HTML and Reuters SGML in turn."""
    fmt = FORMATS[name]
    _parses_or_fails_in_one_line(data.draw(_inputs(fmt), label="input"), fmt)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.sampled_from(list(FORMATS.values())).flatmap(
            lambda fmt: _inputs(fmt).map(lambda data: (fmt.suffix, data))
        ),
        min_size=1,
        max_size=6,
    )
)
def test_import_paths_accounts_for_every_file_and_the_library_reads_back(
    files: list[tuple[str, bytes]],
) -> None:
    """Each file is imported, a duplicate, a failure line naming it, or skipped as not an
    article (with its reason); every article written reads back with no problem."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        inputs = root / "inputs"
        inputs.mkdir()
        names = []
        for number, (suffix, data) in enumerate(files):
            path = inputs / f"{number:02d}{suffix}"
            path.write_bytes(data)
            names.append(path.name)
        workspace = Workspace(root / "library", root / "data")
        report = import_paths(workspace, [inputs])
        sources = [i.source for i in report.imported] + [d.source for d in report.duplicates]
        sources += [f.source for f in report.failed]
        sources += [str(skipped.source) for skipped in report.skipped]
        for name in names:
            assert any(Path(s.split("#")[0]).name == name for s in sources), (name, report)
        assert all("\n" not in str(f) for f in report.failed)
        reread = Library(root / "library")
        assert reread.problems == []
        assert set(reread.ids()) == {i.id for i in report.imported}
