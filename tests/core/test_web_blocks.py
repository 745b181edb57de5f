"""A web page's block quotes and tables survive extraction as Markdown quotes and pipe
tables, written by the same code as a word-processor document's."""

from app.core.importers.html_page import parse_web_page
from app.core.render import render

LEDE = "<p>The harbour board met on Monday to decide the plan for the new quay and cranes.</p>"
TAIL = "<p>The plan goes to the council next week, which must approve the money for it.</p>"


def test_quote_and_table_become_markdown() -> None:
    page = (
        "<html><head><title>Harbour plan</title></head><body><article><h1>Harbour plan</h1>"
        f"{LEDE}<blockquote><p>We will build it this year.</p><p>It opens | in spring.</p>"
        "</blockquote><table><tr><th>Year</th><th>Ships</th></tr><tr><td>2023</td>"
        f"<td>120</td></tr><tr><td>2024</td><td>*140*</td></tr></table>{TAIL}</article></body></html>"
    )
    body = parse_web_page(page, "harbour.html").body
    assert "> We will build it this year.\n\n> It opens \\| in spring.\n" in body
    assert "| Year | Ships |\n| --- | --- |\n| 2023 | 120 |\n| 2024 | \\*140\\* |\n" in body
    plain = render(body).text
    assert "It opens | in spring." in plain and "*140*" in plain
