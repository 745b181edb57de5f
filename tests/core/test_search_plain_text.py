"""The index's shortcut to the plain text must give exactly what the renderer gives, since
hit positions count code points of ``render(body).text``."""

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.index.plain_text import fast_plain_text, plain_text
from app.core.render import render
from tests.conftest import CORPUS, SEEDS, require_shared

# Words, every character Markdown or HTML could read as syntax, entities, digits that could
# open an ordered list, and the whitespace that makes blocks, breaks and code.
PIECES = [
    "oil", "Zürich", "naïve", "1987", "1.5", "10.", "3)", " ", "  ", "\n", "\n\n", "\t",
    "\r", "\u00a0", "\u2028", "&", "&lt;", "&gt;", "&amp;", "&quot;", "&copy", "&copy;",
    "&#39;", "&#x41;", "&#1987", "&foo;", "&T;", "&amp", "&lt", "AT&T", "<", ">", "*", "_",
    "`", "[", "]", "(", ")", "!", "#", "-",
    "+", "=", ":", "|", "~", "{", "}", "^", "\\", ".", ",", "'", '"', "    ", "---", "===",
    "http://example.org",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_shortcut_gives_the_rendered_text_or_declines(body: str) -> None:
    fast = fast_plain_text(body)
    if fast is not None:
        assert fast == render(body).text
    assert plain_text(body) == render(body).text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8"), max_size=40), min_size=1, max_size=6
    ).map("\n\n".join)
)
def test_any_characters_in_paragraphs(body: str) -> None:
    fast = fast_plain_text(body)
    if fast is not None:
        assert fast == render(body).text


def test_plain_paragraphs_take_the_shortcut() -> None:
    body = "Oil prices rose 1.5 pct &lt;XON&gt; said.\nIt  was AT&T.\n\n\n10.5 pct, said one.\n"
    assert (
        fast_plain_text(body)
        == "Oil prices rose 1.5 pct <XON> said. It was AT&T.\n10.5 pct, said one."
    )
    assert fast_plain_text(body) == render(body).text


def test_markdown_is_left_to_the_renderer() -> None:
    for body in ("*café*", "# Title", "1. item", "a  \nb", "    code", "x &copy; y", "a<br>b"):
        assert fast_plain_text(body) is None, body


def _corpus_bodies(limit: int) -> list[str]:
    """Bodies as the corpus import and the search benchmark write them (BBC paragraphs, Reuters
    bodies HTML-escaped with their indented lines made paragraphs)."""
    bodies = []
    for path in sorted((require_shared(CORPUS) / "bbc").glob("*/*.txt"))[::7][:limit]:
        bodies.append(path.read_bytes().decode("utf-8", "replace").partition("\n")[2].strip())
    sgm = (require_shared(CORPUS) / "reuters21578" / "reut2-003.sgm").read_bytes()
    for found in re.findall(r"<BODY>(.*?)</BODY>", sgm.decode("latin-1"), re.DOTALL)[:limit]:
        text = re.sub(r"\n[ \t]+", "\n\n", html.unescape(found).removesuffix("Reuter").strip())
        bodies.append(html.escape(text, quote=False) + "\n")
    for path in sorted(require_shared(SEEDS).glob("*.txt")):
        bodies.append(path.read_text(encoding="utf-8"))
    return bodies


def test_corpus_bodies_agree_with_the_renderer() -> None:
    bodies = _corpus_bodies(300)
    fast = 0
    for body in bodies:
        shortcut = fast_plain_text(body)
        if shortcut is not None:
            fast += 1
            assert shortcut == render(body).text
    assert fast >= len(bodies) * 0.8
