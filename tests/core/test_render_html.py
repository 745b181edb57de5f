"""Rendering: the reader's HTML is safe and offline; the plain text follows its blocks."""

from app.core.render import render

HOSTILE = """# Title

Text<script>alert(1)</script> and <img src="http://tracker.example/p.gif"> more
<img src="https://x.example/i.png" onerror="alert(2)">
<a href="javascript:alert(3)" onclick="alert(4)">link</a>
<iframe src="https://example.org"></iframe>
<form action="https://x"><input name="q"></form>
<style>body { background: url(http://x/y.png) }</style>
<div onmouseover="x()">hover</div>
"""


def test_scripts_handlers_frames_and_remote_images_are_stripped() -> None:
    html = render(HOSTILE).html.lower()
    for banned in (
        "<script",
        "alert(",
        "onerror",
        "onclick",
        "onmouseover",
        "<iframe",
        "<form",
        "<input",
        "<style",
        "javascript:",
        "http://tracker",
        "<img",
    ):
        assert banned not in html, banned
    assert "link" in html and "hover" in html


def test_inline_images_survive() -> None:
    html = render('<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">').html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html


def test_plain_text_has_one_line_per_block_with_whitespace_collapsed() -> None:
    body = "## Heading\n\nA  paragraph\nwrapped   here.\n\n- one\n- two\n\n> quoted *text*\n"
    assert render(body).text == "Heading\nA paragraph wrapped here.\none\ntwo\nquoted text"


def test_entities_and_non_ascii_are_text() -> None:
    assert render("Caf&eacute; &amp; 東京 😀").text == "Café & 東京 😀"
