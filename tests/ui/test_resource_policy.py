"""Nothing the user reads makes Qt read a file or the network (issue 10, items 2 and 3).

Hostile Markdown and HTML (``file:`` images, absolute and relative paths, SVG data images
whose ``<image>`` names a file by ``href`` and ``xlink:href``, a remote image, a linked
stylesheet, a CSS background) go into every rich text the window makes: the reader, a card's
note, the article note, the tag library, search results, the details dialog, the message bar,
tooltips and labels. They all point at one canary: a PNG (and a stylesheet) painted in a
colour no theme uses. Three things must hold:

* the spy on ``safe_resource`` (every ``SafeDocument``'s only way to load anything) never
  answers a file, network or unvetted URL with content, and sees the hostile URLs, which
  proves the surface's document is a ``SafeDocument``;
* no grab of any surface shows the canary colour, so Qt did not load it by another road;
* the local HTTP server the remote image names gets no request.
"""

import base64
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QPoint, QUrl
from PySide6.QtGui import QColor, QImage, QPainter, QStandardItem, QStandardItemModel, Qt
from PySide6.QtWidgets import QApplication, QLabel, QListView, QToolTip, QWidget

import app.ui.widgets.safe_document as safe_document
from app.core.article import Article
from app.core.data_images import vetted_data_image
from app.core.library import Library
from app.core.render import render
from app.core.workspace import Workspace
from app.ui.library.details_dialog import DetailsDialog
from app.ui.search.result_delegate import SearchResultDelegate
from app.ui.search.results_model import SNIPPET_ROLE
from app.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import open_window

CANARY = (13, 250, 77)  # a green no theme uses


class _Quiet(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[int, list[str]]]:
    """A local HTTP server that records any request; Readmark must never make one."""
    requests: list[str] = []
    handler = type("Recorder", (_Quiet,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], requests
    httpd.shutdown()
    httpd.server_close()


def svg_naming(canary: Path, attribute: str) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' width="40" height="40"><image {attribute}="{canary}" width="40" height="40"/></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def hostile_text(folder: Path, port: int) -> str:
    """Markdown with raw HTML: every way a rich text could name a file or a remote resource."""
    canary, css = folder / "canary.png", folder / "canary.css"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor(*CANARY))
    image.save(str(canary))
    css.write_text(f"body, p, div, li {{ background-color: rgb{CANARY}; }}")
    return "\n\n".join(
        [
            f'![file url](file://{canary}) and `<img src="{canary}">` in code',
            f'<img src="{canary}" alt="absolute path">',
            f'<img src="file:{canary}" alt="file colon">',
            '<img src="canary.png" alt="relative path">',
            f'<img src="{svg_naming(canary, "href")}" alt="svg href">',
            f'<img src="{svg_naming(canary, "xlink:href")}" alt="svg xlink">',
            f'<img src="http://127.0.0.1:{port}/canary.png" alt="remote">',
            f'<link rel="stylesheet" href="file://{css}">',
            f'<div style="background-image: url(file://{canary})">background</div>',
        ]
    )


class Spy:
    """Wraps the one policy: records every request and every answer that was not allowed."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.leaks: list[str] = []
        self._policy = safe_document.safe_resource

    def __call__(self, kind: int, name: QUrl | str) -> Any:
        answer = self._policy(kind, name)
        url = QUrl(name).toString()
        self.urls.append(url)
        blank = answer is None or (answer.width() <= 1 and answer.height() <= 1)
        if not blank and vetted_data_image(url) is None:
            self.leaks.append(url)
        return answer

    def saw(self, needle: str) -> bool:
        return any(needle in url for url in self.urls)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Spy:
    monkeypatch.chdir(tmp_path)  # so the relative "canary.png" would resolve to the canary
    recorder = Spy()
    monkeypatch.setattr(safe_document, "safe_resource", recorder)
    return recorder


def shows_canary(widget: QWidget) -> bool:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixel = bytes([CANARY[2], CANARY[1], CANARY[0], 0xFF])  # little-endian BGRA
    data = bytes(image.constBits())
    found = data.find(pixel)
    while found >= 0:
        if found % 4 == 0:
            return True
        found = data.find(pixel, found + 1)
    return False


@pytest.fixture
def hostile_window(qtbot, tmp_path: Path, server, spy) -> Iterator[MainWindow]:
    port, _requests = server
    text = hostile_text(tmp_path, port)
    library = Library(tmp_path / "library")
    library.add(
        Article(
            id="hostile",
            title=f'<img src="{tmp_path / "canary.png"}"> Hostile title',
            body=f"Canary paragraph.\n\n{text}\n",
            tags=["canary"],
        )
    )
    with Workspace(tmp_path / "library", tmp_path / "data") as workspace:
        workspace.index.sync()
        plain = render(library.get("hostile").body).text
        start = plain.index("<img")
        store = workspace.annotations
        store.create("hostile", start, plain.index(">", start) + 1, tags=["canary"], note=text)
        store.create_note("hostile", text, tags=["canary"])
        window = open_window(qtbot, workspace, tmp_path)
        window.resize(1300, 900)
        assert window.open_article("hostile")
        yield window


def test_the_window_loads_nothing_the_content_names(qtbot, hostile_window, spy, server) -> None:
    window = hostile_window
    canary = str(Path.cwd() / "canary.png")
    # Reader with the article (sanitised) and with raw HTML that skipped the sanitiser.
    assert not shows_canary(window)
    assert "absolute path" in window.reader.toPlainText()
    window.reader.setHtml(window.reader.toHtml() + hostile_text(Path.cwd(), server[0]))
    assert not shows_canary(window.reader)
    assert spy.saw(canary) and spy.saw("data:image/svg+xml") and spy.saw("http://127.0.0.1")
    # The card's note (Markdown, painted by the delegate) goes through the same policy.
    spy.urls.clear()
    sidebar = window.annotations.controller.sidebar
    sidebar.delegate.pictures.clear()  # painted anew, not copied from the card's picture
    assert not shows_canary(sidebar.view.viewport())
    assert spy.saw(canary)
    assert not shows_canary(sidebar.article_note)
    # The tag library: tags, headings, highlight list.
    window.menu_actions["tag_library"].trigger()
    tag_library = window.annotations.tag_library
    assert tag_library.choose_tag("canary")
    qtbot.waitUntil(lambda: tag_library.highlights.rowCount() == 2)
    assert not shows_canary(window)
    # Search results: the window's own, and the delegate fed raw HTML as a snippet.
    window.search_pane.field.setText("canary")
    with qtbot.waitSignal(window.search_pane.results_shown, timeout=10_000):
        window.search_pane.run_now()
    assert not shows_canary(window)
    spy.urls.clear()
    assert not shows_canary(_result_list(hostile_text(Path.cwd(), server[0])))
    assert spy.saw(canary)
    # The details dialog and the message bar.
    dialog = DetailsDialog(window.current_article, window.workspace.library, window)
    dialog.error.show_error(f'<img src="{canary}"> cannot be saved')
    dialog.show()
    assert not shows_canary(dialog)
    dialog.close()
    window.message_bar.show_message(f'<img src="{canary}"> went wrong')
    assert not shows_canary(window.message_bar)
    _assert_tooltips_are_safe(window)
    _assert_labels_are_safe(window, spy)
    assert spy.leaks == []
    assert server[1] == []


def _result_list(snippet: str) -> QListView:
    model = QStandardItemModel()
    item = QStandardItem("A result")
    item.setData(snippet, SNIPPET_ROLE)
    model.appendRow(item)
    view = QListView()
    view.setItemDelegate(SearchResultDelegate(view))
    view.setModel(model)
    view.resize(600, 300)
    view.setProperty("model_keepalive", model)
    return view


def _assert_tooltips_are_safe(window: MainWindow) -> None:
    """Every tooltip a model gives, shown for real: the tip label loads nothing."""
    tag_library = window.annotations.tag_library
    models = [
        window.library_pane.view.model(),
        window.annotations.controller.model,
        window.search_pane.model,
        tag_library.tags,
        tag_library.highlights,
    ]
    shown = 0
    for model in models:
        for row in range(model.rowCount()):
            tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
            if not tip or "canary" not in str(tip):
                continue
            QToolTip.showText(QPoint(10, 10), str(tip), window)
            labels = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel")]
            assert labels and not any(shows_canary(label) for label in labels), tip
            QToolTip.hideText()
            shown += 1
    assert shown >= 4


def _assert_labels_are_safe(window: MainWindow, spy: Spy) -> None:
    """A label cannot take the policy (its document is private), so every label's text is
    plain, or rich text that names nothing: laid out in a ``SafeDocument``, it asks for no
    resource. The tooltip label shown last is among them."""
    checked = 0
    for label in window.findChildren(QLabel):
        if label.textFormat() == Qt.TextFormat.PlainText or not Qt.mightBeRichText(label.text()):
            continue
        spy.urls.clear()
        document = safe_document.SafeDocument()
        document.setHtml(label.text())
        page = QImage(400, 400, QImage.Format.Format_RGB32)
        painter = QPainter(page)
        document.drawContents(painter)
        painter.end()
        assert spy.urls == [], label.text()
        checked += 1
    assert checked >= 1
