"""Documents uploaded as evidence: only files that are what their name says are kept, byte for byte,
readable by the organisation that uploaded them, and attachable to an activity or a priority."""

from __future__ import annotations

import hashlib
import html

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.cycles import services
from commissioning.cycles.models import EvidenceDocument
from commissioning.strategy import services as strategy
from commissioning.strategy.tests.factories import strategy_for
from commissioning.testing import EVERYONE, check_page_access, expect

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
TRAFFORD_STAFF = {"alice", "carl", "sonia", "colin", "ada"}


def _upload(client, name: str, content: bytes, title: str = "Carers' survey findings"):
    return client.post(reverse("cycles:document-upload"), {"title": title, "file": SimpleUploadedFile(name, content)})


def test_a_commissioner_uploads_a_report_and_it_is_kept_as_uploaded(world, client_for):
    client = client_for(world.alice)
    response = _upload(client, "survey.pdf", PDF)
    assert response.status_code == 302
    document = EvidenceDocument.objects.get()
    assert (document.file_name, document.size, document.organisation) == ("survey.pdf", len(PDF), world.trafford)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    download = client.get(document.get_absolute_url())
    assert download.content == PDF and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ...", "Upload a PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text file, not tool.exe"),
        ("report.pdf", b"<html>not a pdf</html>", "report.pdf is not the kind of file its name says"),
        ("notes.txt", b"\xff\xfe\x00bad", "notes.txt is not text saved as UTF-8"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(world, client_for, name, content, message):
    page = html.unescape(_upload(client_for(world.alice), name, content).content.decode())
    assert message in page
    assert not EvidenceDocument.objects.exists()


def test_an_empty_file_is_refused_in_words(world):
    with pytest.raises(ValidationError, match=r"empty\.pdf is empty"):
        services.document_upload(by=world.alice, title="Nothing", file_name="empty.pdf", content=b"")


STAFF = {*TRAFFORD_STAFF, "iris", "steve", "sally"}
NOT_STAFF = {"pam", "pete", "penny"}
MATRIX = [
    ("documents", lambda d: reverse("cycles:document-list"), expect(STAFF, forbidden=EVERYONE)),
    ("upload", lambda d: reverse("cycles:document-upload"),
     expect({"alice", "carl", "ada", "iris", "steve", "sally"}, forbidden=EVERYONE)),
    ("file", lambda d: d.get_absolute_url(), expect(TRAFFORD_STAFF, forbidden=NOT_STAFF)),
]  # fmt: skip


@pytest.mark.parametrize(("page", "url_for", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_document_page_access(world, client_for, page, url_for, expected):
    document = services.document_upload(by=world.alice, title="Minutes", file_name="minutes.pdf", content=PDF)
    check_page_access(world, client_for, page, url_for(document), expected)


def test_a_document_is_a_priority_s_evidence_and_a_partner_sees_its_title_only(world, client_for):
    document = services.document_upload(by=world.alice, title="Carers' survey", file_name="survey.pdf", content=PDF)
    version = strategy_for(world.alice, world.cycle)
    priority = version.priorities.get()
    evidence = strategy.priority_evidence_add(priority=priority, by=world.alice, record=document)
    assert evidence.snapshot == {"file": "survey.pdf", "bytes": len(PDF), "sha256": document.sha256}
    own = html.unescape(client_for(world.alice).get(priority.get_absolute_url()).content.decode())
    assert f'href="{document.get_absolute_url()}"' in own
    partner = html.unescape(client_for(world.iris).get(priority.get_absolute_url()).content.decode())
    assert "Carers' survey" in partner and f'href="{document.get_absolute_url()}"' not in partner
    assert client_for(world.iris).get(document.get_absolute_url()).status_code == 404
