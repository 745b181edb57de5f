"""The status bar: how many articles, what the index is doing, when something was last saved."""

import time

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from app.ui.message_bar import plural
from app.ui.safe_document import plain_label


class StatusBar(QStatusBar):
    """Three quiet labels and a progress bar that only shows while the index syncs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.articles = plain_label(parent=self)
        self.articles.setObjectName("articleCount")
        self.index_state = plain_label(parent=self)
        self.index_state.setObjectName("indexState")
        self.progress = QProgressBar(self)
        self.progress.setFixedWidth(140)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.saved = QLabel(self)
        self.saved.setObjectName("lastSave")
        self.addWidget(self.articles)
        self.addWidget(self.index_state)
        self.addWidget(self.progress)
        self.addPermanentWidget(self.saved)

    def set_article_count(self, count: int, problems: int = 0) -> None:
        text = f"{count:,} article" + ("" if count == 1 else "s")
        if problems:
            text += f" · {plural(problems, 'unreadable file')}"
        self.articles.setText(text)

    def set_index_progress(self, done: int, total: int, message: str = "") -> None:
        """While syncing: a determinate bar once the total is known, busy before that."""
        self.progress.show()
        self.progress.setRange(0, max(0, total))
        if total:
            self.progress.setValue(min(done, total))
        what = message or "Updating the search index"
        self.index_state.setText(f"{what}… {done:,}/{total:,}" if total else f"{what}…")

    def set_index_state(self, text: str) -> None:
        self.progress.hide()
        self.index_state.setText(text)

    def mark_saved(self, what: str = "Saved") -> None:
        self.saved.setText(f"{what} {time.strftime('%H:%M')}")
