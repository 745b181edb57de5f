"""Two versions of one story side by side, with the words that changed marked.

The core diffs headline and text word by word (``versions.article_diff``: each part with its
range in both texts); here each side is written as HTML with the removed words marked on
the older side, the added ones on the newer, and the changed ones on both, in the theme's
diff colours (readable in all three themes, ``tests/ui/test_theme_contrast.py``). Removed
words are also struck through, so the marks do not rest on colour alone. Both columns are
``SafeBrowser``s (nothing loads), and scrolling one scrolls the other to the same place.
"""

import html

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core.article import Article
from app.core.render import render
from app.core.versions import article_diff
from app.core.word_diff import DiffPart
from app.ui.themes import Theme
from app.ui.widgets.safe_document import SafeBrowser

OLD, NEW = "old", "new"
MARKED = {OLD: ("removed", "changed"), NEW: ("added", "changed")}


def side_html(text: str, parts: list[DiffPart], side: str) -> str:
    """One side's text as HTML, its differing runs in ``<span class=kind>``."""
    out: list[str] = []
    at = 0
    for part in parts:
        start, end = part.old_span if side == OLD else part.new_span
        if start == end:
            continue
        out.append(_escaped(text[at:start]))
        run = _escaped(text[start:end])
        out.append(f'<span class="{part.kind}">{run}</span>' if part.kind in MARKED[side] else run)
        at = end
    out.append(_escaped(text[at:]))
    return "".join(out)


def _escaped(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def diff_stylesheet(theme: Theme) -> str:
    return (
        f"body {{ color: {theme.text}; }}"
        f".added {{ background-color: {theme.diff_added}; color: {theme.text}; }}"
        f".removed {{ background-color: {theme.diff_removed}; color: {theme.text};"
        " text-decoration: line-through; }"
        f".changed {{ background-color: {theme.diff_changed}; color: {theme.text}; }}"
        f".meta {{ color: {theme.muted}; }}"
    )


def _label(article: Article) -> str:
    date = article.date.isoformat() if article.date else "no date"
    return f"{date} · {article.title[:60]} ({article.id})"


class VersionsDialog(QDialog):
    """Pick two versions (the older on the left); the columns show their word diff."""

    def __init__(
        self,
        versions: list[Article],
        theme: Theme,
        shown: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("versionsDialog")
        self.setWindowTitle(f"Versions of this story ({len(versions)})")
        self.resize(1100, 700)
        self.theme = theme
        self.versions = versions  # newest first, as the core gives them
        self.pickers = (QComboBox(self), QComboBox(self))
        self.columns = (SafeBrowser(self), SafeBrowser(self))
        for picker in self.pickers:
            for article in versions:
                picker.addItem(_label(article), article.id)
            picker.currentIndexChanged.connect(lambda _i: self.show_diff())
        self.pickers[0].setAccessibleName("Older version")
        self.pickers[1].setAccessibleName("Newer version")
        ids = [a.id for a in versions]
        right = ids.index(shown) if shown in ids else 0  # the version being read
        left = right + 1 if right + 1 < len(ids) else max(0, right - 1)  # the one before it
        self.pickers[0].setCurrentIndex(left)
        self.pickers[1].setCurrentIndex(right)
        legend = QLabel(
            "Marked: words removed (left, struck through), added (right) and changed (both).",
            self,
        )
        legend.setObjectName("filterLabel")
        grid = QGridLayout()
        for column, (picker, browser) in enumerate(zip(self.pickers, self.columns, strict=True)):
            browser.setObjectName(f"versionColumn{column}")
            grid.addWidget(picker, 0, column)
            grid.addWidget(browser, 1, column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(legend)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        self._following = False
        self.columns[0].verticalScrollBar().valueChanged.connect(lambda _v: self._follow(0))
        self.columns[1].verticalScrollBar().valueChanged.connect(lambda _v: self._follow(1))
        self.show_diff()

    def chosen(self) -> tuple[Article, Article]:
        by_id = {a.id: a for a in self.versions}
        old, new = (by_id[str(p.currentData())] for p in self.pickers)
        return old, new

    def show_diff(self) -> None:
        old, new = self.chosen()
        parts = article_diff(old, new)
        texts = {OLD: (old, render(old.body).text), NEW: (new, render(new.body).text)}
        for browser, side in zip(self.columns, (OLD, NEW), strict=True):
            article, body = texts[side]
            date = article.date.isoformat() if article.date else "no date"
            byline = " · ".join(p for p in (date, article.source or "") if p)
            browser.document().setDefaultStyleSheet(diff_stylesheet(self.theme))
            browser.setHtml(
                f"<h3>{side_html(article.title, parts['title'], side)}</h3>"
                f'<p class="meta">{html.escape(byline)}</p>'
                f"<p>{side_html(body, parts['body'], side)}</p>"
            )

    def _follow(self, moved: int) -> None:
        """Scroll the other column to the same fraction of its length."""
        if self._following:
            return
        source = self.columns[moved].verticalScrollBar()
        target = self.columns[1 - moved].verticalScrollBar()
        fraction = source.value() / source.maximum() if source.maximum() else 0.0
        self._following = True
        target.setValue(round(fraction * target.maximum()))
        self._following = False
