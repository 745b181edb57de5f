"""Every export format through one call, for the CLI's ``export`` and the window's dialog:
text formats are rendered and written atomically (or returned for stdout), a ``.qdpx`` is
written as a zip and a vault as a folder of notes."""

from pathlib import Path

from app.core.codebook import Code
from app.core.errors import InvalidInput
from app.core.export.formats import FILE_FORMATS, render_export
from app.core.export.refi_qda import write_qdpx
from app.core.export.selection import ExportEntry, write_export
from app.core.export.styles import DEFAULT_STYLE, check_style
from app.core.export.vault import write_vault


def export_selection(
    fmt: str,
    entries: list[ExportEntry],
    output: Path | None,
    *,
    style: str = DEFAULT_STYLE,
    codes: list[Code] | None = None,
) -> str:
    """Write the export to ``output``; returns what to print: the text itself when there is
    no output, else a line saying what was written."""
    check_style(style)
    book = codes or []
    if output is None:
        if fmt in FILE_FORMATS:
            raise InvalidInput(f"--format {fmt} needs -o PATH (a {_what(fmt)})")
        return render_export(fmt, entries, style=style, codes=book)[0]
    articles = len({e.article_id for e in entries})
    done = f"exported {len(entries)} annotation(s) from {articles} article(s) to {output}"
    if fmt == "qdpx":
        write_qdpx(output, entries, book)
        return done
    if fmt == "vault":
        return f"{done}: " + write_vault(output, entries, book, style).summary()
    text, encoding = render_export(fmt, entries, style=style, codes=book)
    write_export(output, text, encoding=encoding)
    return done


def _what(fmt: str) -> str:
    return "zip file ending in .qdpx" if fmt == "qdpx" else "folder for the notes"
