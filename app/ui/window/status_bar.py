"""The status bar: how many articles, what the index is doing, when something was last saved.

Messages expire (``MESSAGE_MS``): "Index rebuilt (there was no search index yet)" stayed for
as long as the window was open, long after it stopped being news.
"""

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from app.ui.widgets.safe_document import plain_label
from app.ui.window.message_bar import plural

MESSAGE_MS = 8000
BUILDING = "Building the search index"
UPDATING = "Updating the search index"


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
        self.activity = UPDATING
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.setInterval(MESSAGE_MS)
        self._expiry.timeout.connect(lambda: self.index_state.setText(""))

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        """A passing message (undo, opening files) goes after ``MESSAGE_MS`` by default."""
        super().showMessage(text, timeout or MESSAGE_MS)

    def set_article_count(self, count: int, problems: int = 0) -> None:
        text = f"{count:,} article" + ("" if count == 1 else "s")
        if problems:
            text += f" · {plural(problems, 'unreadable file')}"
        self.articles.setText(text)

    def begin_index_work(self, building: bool) -> None:
        """A sync starts: a first build from nothing, or an update of an index."""
        self.activity = BUILDING if building else UPDATING
        self.set_index_progress(0, 0)

    def activity_text(self) -> str:
        """What the index work is doing, for other places to say ("…: 40%")."""
        return self.index_state.text().rstrip("…")

    def set_index_progress(self, done: int, total: int, message: str = "") -> None:
        """While syncing: a determinate bar once the total is known, busy before that."""
        self._expiry.stop()
        self.progress.show()
        self.progress.setRange(0, max(0, total))
        if total:
            self.progress.setValue(min(done, total))
        what = message or self.activity
        percent = min(100, done * 100 // total) if total else None
        self.index_state.setText(f"{what}: {percent}%" if percent is not None else f"{what}…")

    def set_index_state(self, text: str) -> None:
        """The outcome of a sync, shown for ``MESSAGE_MS``."""
        self.progress.hide()
        self.index_state.setText(text)
        self._expiry.start()

    def mark_saved(self, what: str = "Saved") -> None:
        self.saved.setText(f"{what} {time.strftime('%H:%M')}")
