"""Write the saved-page samples from ``sciencealert-europa.html`` (a page of the shared HTML
benchmark, MIT licence), each laid out as its tool writes it:

- ``europa.mhtml``: Chromium's "Save page as, single file" layout (``From: <Saved by Blink>``,
  ``Snapshot-Content-Location``, a ``multipart/related`` body whose HTML part is
  quoted-printable in windows-1252, a picture part in base64), built with ``email``;
- ``europa.warc.gz``: what a crawler (wget --warc-file, Webrecorder) writes, by warcio's own
  writer: warcinfo, the request and the HTML response, a picture, a redirect and a second
  page that states no date;
- ``europa-singlefile.html``: SingleFile's layout (its opening comment with the address and
  the save date, styles and pictures inlined as ``data:`` URIs);
- ``saved/europa.html`` with ``saved/europa_files/``: "Save page as, complete".

Run ``python -m tests.samples.html.make_saved_pages`` to write them again.
"""

import base64
import io
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Chromium writes long header lines as they are, never as encoded words.
RAW = SMTP.clone(max_line_length=0)
HERE = Path(__file__).parent
URL = "https://www.sciencealert.com/nasa-finds-water-plumes-above-the-surface-of-jupiter-s-icy-moon-europa"
# A 1x1 PNG: enough to be a picture part / data: URI the importer must not turn into text.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
UNDATED = (
    "<!DOCTYPE html><html><head><title>Letters: the harbour plan</title></head><body>"
    "<article><h1>Letters: the harbour plan</h1>"
    + "".join(
        f"<p>Reader letter {n}: the harbour plan leaves the old quay without a ferry, and the "
        "council has not said how the fishermen will reach the market in winter.</p>"
        for n in range(1, 7)
    )
    + "</article></body></html>"
)


def page() -> str:
    return (HERE / "sciencealert-europa.html").read_text(encoding="utf-8")


def mhtml() -> bytes:
    message = EmailMessage(policy=RAW)
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = URL
    message["Subject"] = "NASA Just Confirmed There Are Water Plumes"
    message["Date"] = "Thu, 21 Nov 2019 10:00:00 -0000"
    message["MIME-Version"] = "1.0"
    message.set_type("multipart/related")
    message.set_param("type", "text/html")
    html = EmailMessage(policy=SMTP)
    html.set_content(
        page().encode("cp1252", "xmlcharrefreplace"),
        maintype="text",
        subtype="html",
        cte="quoted-printable",
        params={"charset": "windows-1252"},
    )
    html["Content-ID"] = "<frame-1@mhtml.blink>"
    html["Content-Location"] = URL
    picture = EmailMessage(policy=SMTP)
    picture.set_content(PNG, maintype="image", subtype="png", cte="base64")
    picture["Content-Location"] = "https://www.sciencealert.com/images/logo/sa-black-logo-2019.png"
    message.attach(html)
    message.attach(picture)
    return message.as_bytes()


def warc() -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("europa.warc.gz", {"software": "warcio"}))

    def response(uri: str, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": "2019-11-21T10:00:00Z"},
        )  # fmt: skip
        writer.write_record(record)

    request = StatusAndHeaders(
        "GET / HTTP/1.1", [("Host", "www.sciencealert.com")], is_http_request=True
    )
    writer.write_record(writer.create_warc_record(URL, "request", http_headers=request))
    response(URL, "200 OK", [("Content-Type", "text/html; charset=utf-8")], page().encode())
    response(
        "https://www.sciencealert.com/logo.png", "200 OK", [("Content-Type", "image/png")], PNG
    )
    moved = [("Content-Type", "text/html"), ("Location", URL)]
    response("https://www.sciencealert.com/old", "301 Moved", moved, b"<p>Moved</p>")
    response("https://letters.example/harbour", "200 OK", [("Content-Type", "text/html")],
             UNDATED.encode())  # fmt: skip
    return out.getvalue()


def singlefile() -> str:
    text = page()
    comment = (
        f"<!--\n Page saved with SingleFile \n url: {URL} \n"
        " saved date: Thu Nov 21 2019 10:00:00 GMT+0000 (Coordinated Universal Time)\n-->"
    )
    data_uri = "data:image/png;base64," + base64.b64encode(PNG * 200).decode()
    head_at = text.lower().index("<head")
    text = text[:head_at] + comment + text[head_at:]
    return text.replace('src="/images/logo/sa-black-logo-2019.png"', f'src="{data_uri}"').replace(
        "</head>", f"<style>@font-face{{src:url({data_uri})}}</style></head>", 1
    )


def main() -> None:
    (HERE / "europa.mhtml").write_bytes(mhtml())
    (HERE / "europa.warc.gz").write_bytes(warc())
    (HERE / "europa-singlefile.html").write_text(singlefile(), encoding="utf-8")
    folder = HERE / "saved" / "europa_files"
    folder.mkdir(parents=True, exist_ok=True)
    (HERE / "saved" / "europa.html").write_text(
        page().replace('src="/images/logo/sa-black-logo-2019.png"', 'src="europa_files/logo.png"'),
        encoding="utf-8",
    )
    (folder / "logo.png").write_bytes(PNG)
    (folder / "ad-frame.html").write_text(
        "<html><body><p>Win a cruise! Click here to claim your prize today.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "saved_resource.html").write_text(
        "<html><body><p>Sign up for our newsletter.</p></body></html>", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
