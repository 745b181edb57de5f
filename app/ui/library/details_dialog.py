"""Edit article details: title, author, date, source, URL and article tags.

Saving rewrites only the front matter, atomically (``Library.save_metadata``), on the write
worker through ``write`` (the window's undoable step); the dialog closes once the file has
it. When the save fails (a read-only folder), the dialog stays open with the user's edits
and says why.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.article import Article
from app.ui.widgets.error_label import ErrorLabel
from app.ui.window.message_bar import describe_error


def parse_tags(text: str) -> list[str]:
    """Comma-separated, spaces trimmed, duplicates (ignoring case) dropped, order kept."""
    seen: set[str] = set()
    tags = []
    for raw in text.split(","):
        tag = raw.strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


WriteDetails = Callable[
    [tuple[Article, Article], Callable[[Article], None], Callable[[BaseException], None]], None
]  # (before, after), then called with the article written, or with the failure


class DetailsDialog(QDialog):
    """A form over one article's front matter; ``saved`` is the article as written."""

    def __init__(
        self, article: Article, write: WriteDetails, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article Details")
        self.setMinimumWidth(520)
        self.article = article
        self.write = write
        self.saved: Article | None = None
        self.title = QLineEdit(article.title, self)
        self.author = QLineEdit(article.author or "", self)
        self.date = QLineEdit(article.date.isoformat() if article.date else "", self)
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.source = QLineEdit(article.source or "", self)
        self.url = QLineEdit(article.url or "", self)
        self.url.setPlaceholderText("https://…")
        self.tags = QLineEdit(", ".join(article.tags), self)
        self.tags.setPlaceholderText("comma-separated, e.g. defence, japan")
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Author", self.author)
        form.addRow("&Date", self.date)
        form.addRow("&Source", self.source)
        form.addRow("&URL", self.url)
        form.addRow("Ta&gs", self.tags)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def edited(self) -> Article:
        """The article with the form's values; raises ValueError naming a bad field."""
        title = self.title.text().strip()
        if not title:
            raise ValueError("The title cannot be empty.")
        date_text = self.date.text().strip()
        try:
            date = dt.date.fromisoformat(date_text) if date_text else None
        except ValueError:
            raise ValueError(f"Date “{date_text}” is not a date like 2024-07-05.") from None
        return dataclasses.replace(
            self.article,
            title=title,
            author=self.author.text().strip() or None,
            date=date,
            source=self.source.text().strip() or None,
            url=self.url.text().strip() or None,
            tags=parse_tags(self.tags.text()),
        )

    def save(self) -> None:
        try:
            article = self.edited()
        except ValueError as exc:
            self.error.show_error(str(exc))
            return
        self.buttons.setEnabled(False)  # one save at a time
        self.write((self.article, article), self._written, self._failed)

    def _written(self, article: Article) -> None:
        self.saved = article
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.show_error(describe_error(exc)[0])
