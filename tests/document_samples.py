"""Document inputs built in tests: calibre-layout periodical EPUBs, zip bombs, XML bombs,
image-only PDFs. The committed real samples live in ``tests/samples``."""

import io
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

SAMPLES = Path(__file__).parent / "samples"

ARTICLES = (
    # section, title, author, date as calibre's section index shows it, description, url
    ("World", "Floods close the Rhine to barges", "Maria Keller", "Tue, 14 May 2024",
     "Shipping halted between Basel and Mainz.", "https://news.example/rhine"),
    ("World", "Harbour cranes return to Rotterdam", "Anna de Vries", "Wed, 15 May 2024",
     "Twelve electric cranes arrive.", "https://news.example/cranes"),
    ("Business", "Grain prices ease after harvest", "Tom Okafor", "Thu, 16 May 2024",
     "Wheat futures fell for a third day.", "https://news.example/grain"),
)  # fmt: skip
OPF_NS = 'xmlns="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/"'


def _article_page(title: str, url: str, number: int, extra: str = "") -> str:
    """An article page as calibre writes it: navigation bar above and below the text."""
    navbar = (
        '<div class="calibre_navbar calibre_rescale_70" style="text-align:center"><hr/>'
        f'<p>This article was downloaded by <b>calibre</b> from <a href="{url}">{url}</a></p>'
        '<br/><br/><a href="../index.html">Section menu</a> | '
        '<a href="../../index.html">Main menu</a></div>'
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>{title}</title></head><body>{navbar.replace('<hr/>', '')}"
        f"<h2>{title}</h2><p>Paragraph one of article {number}, about {title.lower()}.</p>"
        f"<p>Paragraph two of article {number} adds detail and a quote from officials.</p>"
        f"{extra}{navbar}</body></html>"
    )


def periodical_epub(extra: str = "") -> bytes:
    """A "Fetch news" EPUB: sections, articles, the NCX with mbp:meta, section indexes;
    ``extra`` is added to each article page."""
    files: dict[str, str] = {}
    sections: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for number, article in enumerate(ARTICLES):
        sections.setdefault(article[0], []).append((number, article))
    nav_points = []
    manifest = []
    spine = []
    for s_index, (section, items) in enumerate(sections.items()):
        listing = []
        points = []
        for a_index, (number, (_, title, author, date, description, url)) in enumerate(items):
            path = f"feed_{s_index}/article_{a_index}/index.html"
            files[path] = _article_page(title, url, number, extra)
            manifest.append(
                f'<item id="a{number}" href="{path}" media-type="application/xhtml+xml"/>'
            )
            spine.append(f'<itemref idref="a{number}"/>')
            listing.append(
                f'<li id="article_{a_index}" class="article"><a class="article" '
                f'href="article_{a_index}/index.html">{title}</a>'
                f'<span class="article_date">{date}</span>'
                f'<div class="article_description">{description}</div></li>'
            )
            points.append(
                f'<navPoint class="article" id="n{number}" playOrder="{number + 10}">'
                f'<navLabel><text>{title}</text></navLabel><content src="{path}"/>'
                f'<mbp:meta name="description">{description}</mbp:meta>'
                f'<mbp:meta name="author">{author}</mbp:meta></navPoint>'
            )
        files[f"feed_{s_index}/index.html"] = (
            '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
            f"<h1>{section}</h1><ul>{''.join(listing)}</ul></body></html>"
        )
        manifest.append(
            f'<item id="s{s_index}" href="feed_{s_index}/index.html" '
            'media-type="application/xhtml+xml"/>'
        )
        nav_points.append(
            f'<navPoint class="section" id="s{s_index}" playOrder="{s_index + 1}">'
            f"<navLabel><text>{section}</text></navLabel>"
            f'<content src="feed_{s_index}/index.html"/>{"".join(points)}</navPoint>'
        )
    files["index.ncx"] = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
        'xmlns:mbp="http://mobipocket.com/ns/mbp" version="2005-1"><navMap>'
        '<navPoint class="periodical" id="p" playOrder="0"><navLabel><text>The Daily Wire '
        f'Digest</text></navLabel><content src="index.html"/>{"".join(nav_points)}'
        "</navPoint></navMap></ncx>"
    )
    files["index.html"] = '<html xmlns="http://www.w3.org/1999/xhtml"><body>Sections</body></html>'
    files["content.opf"] = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<package {OPF_NS} version="2.0" '
        'unique-identifier="id"><metadata><dc:title>The Daily Wire Digest [Thu, 16 May 2024]'
        "</dc:title><dc:creator>calibre</dc:creator><dc:publisher>Daily Wire</dc:publisher>"
        '<dc:date>2024-05-16</dc:date><meta name="calibre:publication_type" '
        'content="periodical:newspaper:Daily Wire"/></metadata><manifest>'
        '<item id="ncx" href="index.ncx" media-type="application/x-dtbncx+xml"/>'
        '<item id="index" href="index.html" media-type="application/xhtml+xml"/>'
        f'{"".join(manifest)}</manifest><spine toc="ncx"><itemref idref="index"/>'
        f"{''.join(spine)}</spine></package>"
    )
    return epub_zip(files, "content.opf")


def epub_zip(files: dict[str, str], opf: str) -> bytes:
    """An EPUB container around ``files``: stored mimetype first, then the container."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            f'<rootfile full-path="{opf}" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A .docx whose word/document.xml is ``document_xml`` (hostile or not)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(megabytes: int) -> bytes:
    """A .docx whose document unpacks to ``megabytes`` of zeros (about 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(block)
    return out.getvalue()


BILLION_LAUGHS_XML = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def xxe_xml(target: Path) -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file://'
        + str(target).encode()
        + b'">]>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
        b'main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
    )


def image_only_pdf() -> bytes:
    """A one-page PDF holding only a picture: what a scanner makes."""
    document = pdfium.PdfDocument.new()
    page = document.new_page(300, 400)
    image = pdfium.PdfImage.new(document)
    bitmap = pdfium.PdfBitmap.new_native(50, 50, pdfium_c.FPDFBitmap_BGRA)
    bitmap.fill_rect((30, 30, 30, 255), 0, 0, 50, 50)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(300, 400))
    page.insert_obj(image)
    page.gen_content()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
