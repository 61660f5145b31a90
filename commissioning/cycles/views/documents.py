"""Documents uploaded as evidence: the organisation's list, the upload page and the file itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from commissioning.core.downloads import attachment
from commissioning.core.forms import GovukFormMixin
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import ServiceFormView
from commissioning.cycles import permissions as can
from commissioning.cycles import services
from commissioning.cycles.models import EvidenceDocument

MAX_UPLOAD = 20 * 1024 * 1024


class DocumentForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200, help_text="For example, Carers' survey 2026: summary of findings")
    file = forms.FileField(
        label="The document", help_text="PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text, up to 20 MB"
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file is larger than 20 MB")
        return upload


class DocumentListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "cycles/document_list.html"
    permission = staticmethod(can.can_read_documents)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        documents = EvidenceDocument.objects.visible_to(self.request.user).select_related("uploaded_by")[:200]
        return super().get_context_data(
            documents=list(documents), can_upload=can.can_upload_documents(self.request.user), **kwargs
        )


class DocumentUploadView(ServiceFormView):
    """Upload a document; then it can be attached as evidence (`?next=` returns to where that happens)."""

    template_name = "form_page.html"
    form_class = DocumentForm
    permission = staticmethod(can.can_upload_documents)
    success_message = "Document uploaded: attach it as evidence"

    def next_url(self) -> str:
        target = self.request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()})
        return target if target.startswith("/") and safe else "/cycles/documents/"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Upload a document", back_url=self.next_url(), submit_label="Upload", **kwargs
        )

    def perform(self, form: DocumentForm) -> EvidenceDocument:
        upload = form.cleaned_data["file"]
        return services.document_upload(
            by=self.request.user, title=form.cleaned_data["title"], file_name=upload.name, content=upload.read()
        )

    def success_url_for(self, result: EvidenceDocument) -> str:
        return self.next_url()


class DocumentFileView(PageAccessMixin, TemplateView):
    """The document as uploaded, for its organisation's staff."""

    permission = staticmethod(can.can_read_documents)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = get_object_or_404(EvidenceDocument.objects.visible_to(request.user), pk=kwargs["pk"])
        try:
            content = services.document_bytes(document)
        except FileNotFoundError:
            raise Http404("This document's file is no longer kept") from None
        return attachment(content, content_type=document.content_type, file_name=document.file_name)
