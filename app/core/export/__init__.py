"""Exports of annotations with their citations: Markdown notes, CSV, W3C JSON-LD, CSL-JSON.

``select`` picks and orders what to export (one definition for the CLI and the window);
each format module turns that selection into text; ``write_export`` puts it on disk
atomically, so a failed export never leaves half a file where the user asked for one.
"""

from app.core.export.selection import ExportEntry, article_ids_for_query, select, write_export

__all__ = ["ExportEntry", "article_ids_for_query", "select", "write_export"]
