"""Importers: messy news files (plain text, Markdown, HTML, Reuters SGML) to articles.

One entry point, ``import_paths``; one module per format; ``detect`` chooses among them.
"""

from app.core.importers.report import Duplicate, ImportedArticle, ImportFailure, ImportReport
from app.core.importers.runner import import_paths

__all__ = ["Duplicate", "ImportFailure", "ImportReport", "ImportedArticle", "import_paths"]
