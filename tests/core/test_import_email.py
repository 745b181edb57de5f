"""Email newsletters (issue 16): .eml messages and .mbox mailboxes, one article per message,
field by field; tracking pixels, remote and cid: images leave nothing; hostile mail is one
line. The samples in tests/samples/email were written for these tests by Python's own
``email`` package (a multipart/alternative newsletter with a related masthead picture, a
quoted-printable plain-text message, an mboxrd mailbox of both).
"""

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import ImportFailed
from app.core.importers import import_paths
from app.core.importers.detect import parse_bytes
from app.core.library import read_article_file
from app.core.render import render
from app.core.workspace import Workspace
from tests.conftest import ROOT

MAIL = ROOT / "tests" / "samples" / "email"
BRIEFING_BODY = (
    "## Cranes\n\nThe first of twelve electric cranes arrived at the Maasvlakte terminal on "
    "Tuesday.\n\nBuyers from Zürich showed interest in the old diesel cranes.\n\n## Ferries\n\n"
    "The night ferry will leave half an hour later from June.\n"
)


def test_an_eml_newsletter_field_by_field() -> None:
    (draft,), failures = parse_bytes((MAIL / "harbour-briefing.eml").read_bytes(), ".eml", "b.eml")
    assert failures == []
    assert draft.title == "Harbour briefing: cranes, ferries and Zürich buyers"  # encoded word
    assert draft.source == "Harbour Briefing"  # the sender's display name
    assert draft.date == dt.date(2024, 5, 14)
    assert draft.extra == {"guid": "briefing-2024-05-14@harbour-news.example"}
    # The HTML part, through the web-page importer: no masthead alt text, no pixel, no cid.
    assert draft.body == BRIEFING_BODY
    shown = render(draft.body)
    assert "masthead" not in shown.text.lower()
    assert not {"<img", "cid:", "pixel"} & {w for w in ("<img", "cid:", "pixel") if w in shown.html}


def test_an_mbox_gives_each_message_and_restores_escaped_from_lines(tmp_path: Path) -> None:
    drafts, failures = parse_bytes((MAIL / "harbour.mbox").read_bytes(), ".mbox", "h.mbox")
    assert failures == []
    assert [d.imported_from for d in drafts] == ["h.mbox#1", "h.mbox#2"]
    quay = drafts[1]
    assert (quay.title, quay.source, quay.date) == (
        "Quay notes: tug crews ask for rest rules", "quay-notes@quay.example",
        dt.date(2024, 5, 6))  # fmt: skip
    # The plain-text part (quoted-printable), and ">From" unescaped.
    assert quay.body == (
        "Tug crews asked the port for binding rest rules – talks start in June.\n\n"
        "From now on, the crews say, no shift should run past twelve hours.\n"
    )
    assert drafts[0].body == BRIEFING_BODY


def test_a_mailbox_imported_again_adds_only_new_messages(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    box = tmp_path / "news.mbox"
    data = (MAIL / "harbour.mbox").read_bytes()
    first_message = data[: data.index(b"From MAILER-DAEMON", 10)]
    box.write_bytes(first_message)
    assert len(import_paths(workspace, [box]).imported) == 1
    box.write_bytes(data)
    again = import_paths(workspace, [box])
    assert [read_article_file(i.path).title for i in again.imported] == [
        "Quay notes: tug crews ask for rest rules"
    ]
    assert again.articles_per_file() == {f"{box}": 1}


def test_hostile_mail_is_one_line_each_and_the_rest_imports(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    good = (MAIL / "harbour-briefing.eml").read_bytes()
    cases = {
        "empty.eml": b"",
        "notmail.eml": b"Dear reader, this is a letter, not a message file.\n",
        "attachment-only.eml": b"From: a@b.example\nSubject: \nDate: x\nContent-Type: "
        b"application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n",
        "bad-charset.eml": b"From: x@y.example\nSubject: Charset\nDate: nonsense\n"
        b"Content-Type: text/plain; charset=no-such-charset\n\nText in an unknown charset.\n",
        "cut.eml": good[: len(good) // 2],
        "good.eml": good,
        "box.mbox": b"From x\nFrom: a@b.example\nSubject: one\n\nFirst.\nFrom y\n\n",
    }
    for name, data in cases.items():
        (inputs / name).write_bytes(data)
    report = import_paths(Workspace(tmp_path / "library", tmp_path / "data"), [inputs])
    reasons = {Path(f.source).name: f.reason for f in report.failed}
    assert reasons["empty.eml"] == "empty file: nothing to import"
    assert "not an email message or an mbox mailbox" in reasons["notmail.eml"]
    assert reasons["attachment-only.eml"] == "a message with no text or HTML part"
    assert reasons["box.mbox#2"] == "a message with no subject and no text"
    assert reasons["cut.eml"] == "the message is cut short: its last MIME part never ends"
    assert all("\n" not in r for r in reasons.values())
    per_file = report.articles_per_file()
    assert per_file[str(inputs / "good.eml")] == 1
    assert per_file[str(inputs / "box.mbox")] == 1
    bad_charset = read_article_file(
        next(i.path for i in report.imported if i.source.endswith("bad-charset.eml"))
    )
    assert (bad_charset.body, bad_charset.date) == ("Text in an unknown charset.\n", None)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["From: a@b.example\n", "Subject: =?utf-8?b?w6k=?=\n", "Date: Tue, 99 May\n",
                 "Content-Type: multipart/alternative; boundary=b\n", "--b\n", "--b--\n",
                 "Content-Type: text/html; charset=utf-8\n", "Content-Transfer-Encoding: "
                 "base64\n", "\n", "<p>x</p>", "<img src='cid:x'>", "From x\n", ">From y\n",
                 "Message-ID: <m@x>\n", "=?x?q?=FF?=", "=C3=\n"]
            ),
            st.text(max_size=30),
        ),
        max_size=40,
    ),
    st.sampled_from([("From: n@x.example\nSubject: s\n", ".eml"),
                     ("From z\nFrom: y@x\n", ".mbox")]),
)  # fmt: skip
def test_any_mail_gives_articles_or_one_line_per_problem(
    pieces: list[str], opening: tuple[str, str]
) -> None:
    data = (opening[0] + "".join(pieces)).encode("utf-8", "surrogateescape")
    try:
        drafts, failures = parse_bytes(data, opening[1], "fuzz" + opening[1])
    except ImportFailed as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    for draft in drafts:
        assert draft.title.strip() and "\n" not in draft.title
        render(draft.body)
    assert all("\n" not in f.reason for f in failures)
