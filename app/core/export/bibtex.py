"""BibLaTeX export of the articles an export cites, for LaTeX (biber) and pandoc.

A newspaper article with a known newspaper is an ``@article`` (``entrysubtype = {newspaper}``,
as biblatex describes newspapers) in its ``journaltitle``; one
without is an ``@online`` page whose ``publisher`` is the web site. Names, dates and the
citation key come from the CSL item (``citation.csl_item``), so every export names an
article the same way; the key is the Readmark id, which only holds letters, digits and
``-_.`` and so is a valid key as it is.
"""

import re
from typing import Any
from urllib.parse import quote, urlsplit

from app.core.export.citation import csl_item
from app.core.export.selection import ExportEntry

# Characters TeX reads as commands inside a field, and what stands for each literally.
_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_TEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _TEX))


def tex(text: str) -> str:
    """A field value TeX prints as written; line breaks become spaces (a blank line would
    end the field's paragraph)."""
    return _TEX_SPECIAL.sub(lambda m: _TEX[m.group()], " ".join(text.split()))


def _url(url: str) -> str:
    """URLs are read verbatim by biblatex; only braces, backslashes, '%' and spaces (which
    would unbalance or end the field) are percent-encoded."""
    return quote(url, safe="/:?#[]@!$&'()*+,;=-._~%") if re.search(r"[{}\\\s]", url) else url


def _name(name: dict[str, str]) -> str:
    """``Family, Given``; an organisation in braces, so "Reuters Staff" is not read as a
    person called Staff."""
    if "literal" in name:
        return "{" + tex(name["literal"]) + "}"
    return f"{tex(name['family'])}, {tex(name['given'])}"


def _date(parts: Any) -> str:
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts[0]))


def bib_entry(item: dict[str, Any]) -> str:
    """One entry from a CSL item."""
    # A headline is already in the case wanted: inner braces keep biber and pandoc from
    # re-casing it (pandoc lowercases unprotected English titles for sentence case).
    fields: list[tuple[str, str]] = [("title", "{" + tex(item["title"]) + "}")]
    if item.get("author"):
        fields.append(("author", " and ".join(_name(n) for n in item["author"])))
    if item.get("issued"):
        fields.append(("date", _date(item["issued"]["date-parts"])))
    url = item.get("URL")
    if item.get("container-title"):
        kind = "article"  # biblatex's newspaper article: @article with this subtype
        fields.append(("entrysubtype", "newspaper"))
        fields.append(("journaltitle", tex(item["container-title"])))
    else:
        kind = "online"
        host = urlsplit(url).hostname if url else None
        if host:
            fields.append(("publisher", tex(host.removeprefix("www."))))
    if url:
        fields.append(("url", _url(url)))
        if item.get("accessed"):
            fields.append(("urldate", _date(item["accessed"]["date-parts"])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{item['id']},\n{body}\n}}\n"


def to_bibtex(entries: list[ExportEntry]) -> str:
    """One entry per article cited by the selection, in export order."""
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.article_id not in seen:
            seen[entry.article_id] = bib_entry(csl_item(entry.article_id, entry.article))
    return "\n".join(seen.values())
