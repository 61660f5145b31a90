"""Documents uploaded as evidence: checked to be what their name says, kept byte for byte."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from commissioning.accounts.models import User
from commissioning.accounts.ownership import owned_create
from commissioning.core import limits
from commissioning.cycles.models import EvidenceDocument
from commissioning.cycles.permissions import can_upload_documents

__all__ = ["DOCUMENT_KINDS", "document_bytes", "document_checked", "document_upload"]

ZIP = b"PK\x03\x04"
# Kinds of document taken, by the end of their name: (content type, how the file must begin).
DOCUMENT_KINDS = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "csv": ("text/csv", b""),
    "txt": ("text/plain", b""),
}


def documents_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "evidence"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def document_checked(file_name: str, content: bytes) -> tuple[str, str]:
    """The file's name (without any folders) and content type, once it is seen to be the kind of
    file its name says and no larger than 20 MB; a ValidationError on `file` otherwise."""
    name = Path(file_name).name[:200]
    kind = DOCUMENT_KINDS.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    if kind is None:
        raise ValidationError(
            {"file": f"Upload a PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text file, not {name}"}
        )
    content_type, starts = kind
    if not content:
        raise ValidationError({"file": f"{name} is empty"})
    problem = limits.FILE_BYTES.problem(len(content))
    if problem:
        raise ValidationError({"file": f"{name} is larger than 20 MB"})
    if starts and not content.startswith(starts):
        raise ValidationError({"file": f"{name} is not the kind of file its name says"})
    if not starts:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError({"file": f"{name} is not text saved as UTF-8"}) from None
    return name, content_type


def document_upload(*, by: User, title: str, file_name: str, content: bytes) -> EvidenceDocument:
    """Keep an uploaded document for `by`'s organisation, once it is seen to be the kind of file its
    name says (a PDF, a Word or OpenDocument file, a spreadsheet, CSV or plain text)."""
    if not can_upload_documents(by):
        raise ValidationError("Only those who do the commissioning work upload documents")
    name, content_type = document_checked(file_name, content)
    stored_as = secrets.token_hex(16)
    path = documents_dir() / stored_as
    path.write_bytes(content)
    try:
        return owned_create(
            EvidenceDocument,
            by=by,
            title=title,
            file_name=name,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            stored_as=stored_as,
            uploaded_by=by,
        )
    except Exception:
        path.unlink(missing_ok=True)  # nothing kept for a record that was not made
        raise


def document_bytes(document: EvidenceDocument) -> bytes:
    path = documents_dir() / document.stored_as
    if not path.is_file():
        raise FileNotFoundError(document.stored_as)
    return path.read_bytes()
