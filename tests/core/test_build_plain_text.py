"""The plain-text shortcut takes the code blocks the importer fences (Reuters tables) as
their text, which must be exactly what the renderer gives: hit positions count code points
of ``render(body).text``."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.importers.markdown_blocks import Block, escape_line, to_markdown
from app.core.importers.reuters import parse_records
from app.core.index.plain_text import fast_plain_text
from app.core.render import render
from tests.conftest import CORPUS, require_shared

# What a table's lines hold: words, figures, runs of spaces, tildes (the fence grows past
# them), characters Markdown or HTML would read as syntax outside a code block.
CODE_PIECES = [
    "oil", "1,234.5", "vs", " ", "   ", "\n", "\n\n", "\n   \n", "~", "~~~", "~~~~", "<b>",
    "&amp;", "&lt;", "&", "*", "_", "`", "[x]", "#", "-", "1.", ">", "|", "\\", "    ",
]  # fmt: skip
PARAGRAPH_PIECES = ["Oil", "prices", "rose", "1.5", "pct", " ", "\n", "AT&T", "&lt;X&gt;", "*"]


def _rendered_alike(body: str) -> str | None:
    fast = fast_plain_text(body)
    if fast is not None:
        assert fast == render(body).text, body
    return fast


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.lists(st.sampled_from(CODE_PIECES), min_size=1, max_size=12).map(
                lambda parts: Block("preformatted", "".join(parts))
            ),
            st.lists(st.sampled_from(PARAGRAPH_PIECES), min_size=1, max_size=8).map(
                lambda parts: Block("paragraph", "".join(parts))
            ),
        ),
        max_size=4,
    )
)
def test_fenced_code_as_the_importer_writes_it(blocks: list[Block]) -> None:
    body = to_markdown(blocks)
    fast = _rendered_alike(body)
    # Paragraphs whose escaping is only character references (no backslash escape, which
    # the shortcut leaves to the renderer) take the shortcut whatever code blocks surround.
    plain = all(b.kind == "preformatted" or "\\" not in escape_line(b.text) for b in blocks)
    if plain and body:
        assert fast is not None, body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*CODE_PIECES, "~~~\n", "\n~~~", "~~~ ", "~~~x"]), max_size=25))
def test_any_tildes_give_the_rendered_text_or_decline(parts: list[str]) -> None:
    _rendered_alike("".join(parts))


def test_fences_other_than_the_importers_go_to_the_renderer() -> None:
    for body in (
        "a\n~~~\nx\n~~~\n",  # no blank line before the fence
        "~~~\nx\n~~~\nb\n",  # none after it
        "~~~python\nx\n~~~\n",  # a language
        "~~~\nx\n~~~ \n",  # spaces after the closing fence
        "~~~\nx\n~~~\n~~~\n",  # a fence line inside (the first one closes it)
        "~~~\nx\n",  # never closed
    ):
        assert fast_plain_text(body) is None, body


def test_code_keeps_its_lines_and_spaces() -> None:
    body = "Lead  paragraph.\n\n~~~\n\n  Q1   1,234 &amp; <b>\n   \n\n  Q2   ~~ 99\n~~~\n\nAfter.\n"
    assert (
        _rendered_alike(body) == "Lead paragraph.\n  Q1   1,234 &amp; <b>\n\n\n  Q2   ~~ 99\nAfter."
    )


def test_corpus_tables_take_the_shortcut() -> None:
    """Every Reuters record the importer writes as a code block, as the renderer shows it."""
    fenced = 0
    for sgm in sorted((require_shared(CORPUS) / "reuters21578").glob("reut2-00[0-2].sgm")):
        drafts, _failures = parse_records(sgm.read_bytes(), sgm.name)
        for draft in drafts:
            if "~~~" in draft.body:
                fenced += 1
                assert _rendered_alike(draft.body) is not None, draft.body
    assert fenced >= 20


ESCAPE_PIECES = [
    "oil", "1.5", " ", "\n", "\n\n", "\\", "\\\\", "\\*", "\\_", "\\[", "\\]", "\\-", "\\.",
    "\\#", "\\>", "\\|", "\\`", "\\!", "\\(", "\\{", "\\a", "*", "[", "-", "#", "1", "&lt;",
    "&amp;", "&", "lt;", "---", "|",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ESCAPE_PIECES), max_size=25).map("".join))
def test_backslash_escapes_give_the_rendered_text_or_decline(body: str) -> None:
    _rendered_alike(body)


def test_escaped_paragraphs_take_the_shortcut() -> None:
    """What the importer writes for a leading figure, dash or heading mark and for brackets."""
    for text in ("1. Oil rose [a] *b* _c_", "- dash", "# mark", "a \\ b", "x|y {z}"):
        body = escape_line(text) + "\n"
        assert _rendered_alike(body) is not None, body
