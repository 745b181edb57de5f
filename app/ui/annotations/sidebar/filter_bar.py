"""Filter the sidebar's cards by colour (five toggle chips) and by tag."""

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QWidget

from app.core.annotations import COLOURS
from app.ui.themes import Theme

ALL_TAGS = "All tags"


def colour_icon(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(0, 0, 0, 60))
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class FilterBar(QWidget):
    sig_changed = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(2)
        self.colour_buttons: dict[str, QToolButton] = {}
        for number, colour in enumerate(COLOURS, start=1):
            button = QToolButton(self)
            button.setObjectName(f"filter_{colour}")
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setIconSize(QSize(14, 14))
            button.setToolTip(f"Show only {colour} highlights (key {number} highlights)")
            button.setAccessibleName(f"{colour} filter")
            button.toggled.connect(lambda _on: self.sig_changed.emit())
            layout.addWidget(button)
            self.colour_buttons[colour] = button
        layout.addStretch(1)
        self.tag_box = QComboBox(self)
        self.tag_box.setObjectName("tagFilter")
        self.tag_box.setToolTip("Show only highlights with this tag")
        self.tag_box.setAccessibleName("Tag filter")
        self.tag_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tag_box.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        layout.addWidget(self.tag_box)
        self.set_tags([])
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        for colour, button in self.colour_buttons.items():
            button.setIcon(colour_icon(theme.highlights.get(colour, theme.muted)))

    def set_tags(self, tags: list[str]) -> None:
        """Offer the article's tags; a chosen tag that is still there stays chosen."""
        chosen = self.tag()
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItem(ALL_TAGS, "")
        for tag in sorted(tags, key=str.casefold):
            self.tag_box.addItem(tag, tag)
        found = self.tag_box.findData(chosen) if chosen else 0
        self.tag_box.setCurrentIndex(max(0, found))
        self.tag_box.blockSignals(False)
        if chosen and found < 0:
            self.sig_changed.emit()

    def colours(self) -> set[str]:
        return {c for c, b in self.colour_buttons.items() if b.isChecked()}

    def tag(self) -> str:
        return str(self.tag_box.currentData() or "")

    def set_tag(self, tag: str) -> None:
        self.tag_box.setCurrentIndex(max(0, self.tag_box.findData(tag)))
