"""Bytes that are not text reach a draft as lone surrogates (a raw 8-bit mail header, a file
name that is not UTF-8); they are stored as U+FFFD with a warning, never failing the batch
(a fuzz run found one such mail stopping a whole folder import at the YAML dump)."""

import os
from pathlib import Path

from app.core.importers.runner import import_paths
from app.core.library import read_article_file
from app.core.workspace import Workspace

MAIL = (
    b"From: Harbour Desk <desk@example.org>\r\n"
    b"Subject: Caf\xe9 reopens on the quay\r\n"
    b"Date: Mon, 4 Mar 2024 09:00:00 +0000\r\n"
    b"Content-Type: text/plain\r\n\r\n"
    b"The harbour cafe reopened on Monday after the winter storms closed it.\r\n"
)


def test_a_raw_8bit_header_and_a_non_utf8_file_name_import_with_a_warning(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "cafe.eml").write_bytes(MAIL)
    odd_name = os.fsdecode(b"quay-\xff.txt")
    (inbox / odd_name).write_text(
        "Quay works\n\nThe quay will be rebuilt over the summer.\n", encoding="utf-8"
    )
    (inbox / "good.txt").write_text("Ferry times\n\nFerries run hourly.\n", encoding="utf-8")
    with Workspace(tmp_path / "library", tmp_path / "data") as workspace:
        report = import_paths(workspace, [inbox])
        assert report.failed == []
        assert len(report.imported) == 3
        for item in report.imported:
            article = read_article_file(item.path)  # every file reads back
            assert "\udcff" not in (article.imported_from or "")
        warned = [w for item in report.imported for w in item.warnings if "\ufffd" in w]
        assert warned, [item.warnings for item in report.imported]


def test_a_header_the_mail_parser_chokes_on_is_read_raw(tmp_path: Path) -> None:
    """Python's header parser raises IndexError on a Message-ID like ``<<p><p>`` (found by
    fuzzing): the message still imports, its id taken as written."""
    from app.core.importers.detect import parse_bytes

    broken = MAIL.replace(b"Caf\xe9", b"Cafe")
    broken = broken.replace(b"Date:", b"Message-ID: <<p><p><p>\r\nDate:")
    (draft,), failures = parse_bytes(broken, ".eml", "cafe.eml")
    assert failures == [] and draft.title == "Cafe reopens on the quay"
