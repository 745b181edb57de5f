"""The Qt application object and the first window."""

import argparse

from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow

from app.core.workspace import Workspace


class LibraryWindow(QMainWindow):
    """The library's articles, newest first."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.setWindowTitle("Readmark")
        self.resize(900, 600)
        articles = QListWidget(self)
        for article in workspace.library.sorted_articles():
            date = article.date.isoformat() if article.date else "undated"
            articles.addItem(f"{article.title}\n{article.source or ''}  {date}")
        self.setCentralWidget(articles)


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(["readmark"])
    app.setApplicationName("Readmark")
    with Workspace(args.library, args.data) as workspace:
        window = LibraryWindow(workspace)
        window.show()
        if args.screenshot:
            app.processEvents()
            ok = window.grab().save(str(args.screenshot))
            return 0 if ok else 1
        return int(app.exec())
