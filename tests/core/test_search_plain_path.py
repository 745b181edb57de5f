"""Imported plain text stays on the index's plain-text shortcut (no Markdown rendering):
angle brackets and ampersands are escaped as the entities the shortcut decodes. A bare ">"
("&lt;Trilon Financial Corp>") sent 3,739 Reuters bodies to the renderer, 15% of a build."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.importers.markdown_blocks import escape_line
from app.core.index.plain_text import fast_plain_text
from app.core.render import render

WORDS = st.sampled_from(["Trilon", "Financial", "Corp", "said", "<", ">", "&", "a>b", "x<y"])


def test_a_reuters_company_name_stays_plain() -> None:
    body = escape_line("Talks with <Trilon Financial Corp> ended; A>B & C.") + "\n"
    assert body == "Talks with &lt;Trilon Financial Corp&gt; ended; A&gt;B & C.\n"
    assert (
        fast_plain_text(body)
        == render(body).text
        == "Talks with <Trilon Financial Corp> ended; A>B & C."
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12))
def test_brackets_and_ampersands_take_the_shortcut_and_keep_every_word(words: list[str]) -> None:
    line = " ".join(words)
    body = escape_line(line) + "\n"
    fast = fast_plain_text(body)
    assert fast is not None
    assert fast == render(body).text == line
