"""Images in articles: only vetted inline PNG/JPEG/GIF/WebP survive; any other image leaves its
alt text (issue 10, item 2: an SVG data image made Qt open the files it named)."""

import base64
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.data_images import MAX_IMAGE_BYTES, vetted_data_image
from app.core.render import render, sanitize_html

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(8)
GIF = b"GIF89a" + bytes(10)
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + bytes(8)
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<image href="file:///etc/hostname"/><image xlink:href="/etc/hostname"/></svg>'
)


def data_url(media: str, payload: bytes) -> str:
    return f"data:{media};base64,{base64.b64encode(payload).decode()}"


def test_each_vetted_format_is_kept_with_its_bytes() -> None:
    for media, payload, kind in [
        ("image/png", PNG, "png"),
        ("image/jpeg", JPEG, "jpeg"),
        ("image/jpg", JPEG, "jpeg"),
        ("IMAGE/GIF", GIF, "gif"),
        ("image/webp", WEBP, "webp"),
    ]:
        url = data_url(media, payload)
        vetted = vetted_data_image(url)
        assert vetted is not None and vetted.format == kind and vetted.data == payload, media
        assert f'src="{url}"' in render(f'<img alt="x" src="{url}">').html


def test_svg_unknown_mislabelled_malformed_and_oversized_images_are_refused() -> None:
    refused = {
        "svg base64": data_url("image/svg+xml", SVG),
        "svg utf8": "data:image/svg+xml;utf8," + SVG.decode().replace('"', "'"),
        "svg named png": data_url("image/png", SVG),
        "bmp": data_url("image/bmp", b"BM" + bytes(40)),
        "gif named png": data_url("image/png", GIF),
        "webp without WEBP": data_url("image/webp", b"RIFF" + bytes(12)),
        "not base64": "data:image/png," + PNG.decode("latin-1"),
        "broken base64": "data:image/png;base64,iVBORw0KGgo*AAAA",
        "bad padding": "data:image/png;base64,iVBORw0KGgoAA",
        "empty": "data:image/png;base64,",
        "no comma": "data:image/png;base64",
        "parameters": "data:image/png;charset=x;base64," + base64.b64encode(PNG).decode(),
        "too big": data_url("image/png", PNG + bytes(MAX_IMAGE_BYTES)),
        "not data": "file:///etc/hostname",
    }
    for name, url in refused.items():
        assert vetted_data_image(url) is None, name
        html = render(f'Before <img src="{url}" alt="the {name}"> after').html
        assert "<img" not in html and "data:" not in html, name
        assert f"the {name}" in html, name


def test_refused_images_leave_their_alt_text_as_text() -> None:
    body = (
        "Start ![a chart <b>bold</b>](data:image/svg+xml;base64,PHN2Zy8+) "
        '<img src="file:///etc/hostname" alt="host &amp; name"> '
        '<img src="/etc/passwd"> <img src="http://example.org/x.png" alt="remote"> end'
    )
    rendered = render(body)
    assert "<img" not in rendered.html and "<b>" not in rendered.html
    assert rendered.text == "Start a chart <b>bold</b> host & name remote end"


def test_alt_text_of_a_kept_image_is_not_added_to_the_text() -> None:
    url = data_url("image/png", PNG)
    assert render(f"A ![dot]({url}) B").text == "A B"


def test_an_alt_containing_src_or_a_bracket_cannot_fool_the_image_rule() -> None:
    url = data_url("image/png", PNG)
    html = sanitize_html(f'<img alt=\'x src="{url}" >\' src="/etc/hostname">')
    assert "<img" not in html and "x src=" in html


@settings(max_examples=150, deadline=None)
@given(
    media=st.sampled_from(["image/png", "image/svg+xml", "image/gif", "image/x-icon", "text/html"]),
    payload=st.binary(max_size=64),
    alt=st.text(max_size=20),
    prefix=st.sampled_from([b"", PNG, GIF, SVG]),
)
def test_every_image_left_in_the_html_is_a_vetted_one(
    media: str, payload: bytes, alt: str, prefix: bytes
) -> None:
    url = data_url(media, prefix + payload)
    alt_attr = alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    html = render(f'<p>x <img alt="{alt_attr}" src="{url}"> y</p>').html
    for src in re.findall(r'<img[^>]*\bsrc="([^"]*)"', html):
        assert vetted_data_image(src) is not None
    assert html.count("<img") == len(re.findall(r'<img[^>]*\bsrc="', html))
