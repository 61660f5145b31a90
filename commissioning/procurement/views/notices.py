"""Notices and open contracting data: each published notice as a page anyone can read, with its
OCDS release; every release as one streamed package; and the council's optional notices."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from commissioning.core.downloads import streamed_attachment
from commissioning.core.forms import ConfirmForm
from commissioning.procurement import ocds, services
from commissioning.procurement.choices import NoticeKind
from commissioning.procurement.models import Notice
from commissioning.procurement.ocds_stream import iter_release_package, vendored_extensions
from commissioning.procurement.views.evaluation import ProcurementStepView
from commissioning.procurement.views.refusals import in_words


def _notice(pk: Any) -> Notice:
    try:
        return Notice.objects.select_related("procurement__organisation").get(pk=pk)
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise Http404("No such notice") from None


def _package(releases: Any, uri: str) -> Any:
    meta = ocds.package_metadata(uri)
    return iter_release_package(
        releases,
        uri=uri,
        published_date=ocds.timestamp(timezone.now()),
        publisher=meta["publisher"],
        license=meta["license"],
        publication_policy=meta["publication_policy"],
        extensions=vendored_extensions(),
    )


class NoticeView(TemplateView):
    """A published notice, for anyone: what it says, drawn from its release as published."""

    template_name = "procurement/notice.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        notice = _notice(kwargs.pop("pk"))
        release = notice.release
        return super().get_context_data(
            notice=notice,
            release=release,
            tender=release.get("tender", {}),
            awards=release.get("awards", []),
            contracts=release.get("contracts", []),
            **kwargs,
        )


class NoticeDataView(View):
    """A notice's OCDS release, as a release package of one."""

    def get(self, request: Any, pk: int) -> StreamingHttpResponse:
        notice = _notice(pk)
        uri = request.build_absolute_uri()
        return streamed_attachment(
            _package([notice.release], uri),
            content_type="application/json",
            file_name=f"{notice.number}.json",
            inline=True,
        )


class ReleasesView(View):
    """Every release this service has published, oldest first, streamed as one package (a bulk
    download: memory stays flat however many there are). `?ocid=` keeps one contracting process."""

    def get(self, request: Any) -> HttpResponse:
        notices = Notice.objects.order_by("published_at", "pk")
        ocid = request.GET.get("ocid", "").strip()
        if ocid:
            notices = [n for n in notices.iterator() if n.release.get("ocid") == ocid]
            if not notices:
                raise Http404("No releases for that ocid")
        elif not notices.exists():
            raise Http404("Nothing has been published yet")
        releases = (notice.release for notice in (notices if isinstance(notices, list) else notices.iterator()))
        return streamed_attachment(
            _package(releases, request.build_absolute_uri()), content_type="application/json", file_name="releases.json"
        )


class NoticePublishView(ProcurementStepView):
    """Publish a notice the council chooses to (pipeline, market engagement, planned procurement)
    or one a direct award needs first (transparency)."""

    form_class = ConfirmForm
    submit_label = "Publish the notice"
    submit_once = True  # it makes a notice: sent twice, one is published

    def kind(self) -> str:
        kind = self.kwargs["kind"]
        # The council publishes the planning notices and a direct award's transparency notice here;
        # the others follow from the steps that call for them.
        if kind not in (*NoticeKind.optional(), NoticeKind.UK5):
            raise Http404("No such notice")
        return kind

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Publish a {NoticeKind(self.kind()).label.lower()}"

    def intro_text(self) -> str:
        _, reason = services.notice_required(self.procurement, self.kind())
        return f"{reason}. Once published, a notice does not change: a later notice follows instead."

    def back_url(self) -> str:
        return self.procurement.get_absolute_url()

    def perform(self, form: Any) -> Any:
        return in_words(services.notice_publish, by=self.request.user, procurement=self.procurement, kind=self.kind())

    def success_message_for(self, result: Any) -> str:
        return f"{result.get_kind_display()} published"

    def success_url_for(self, result: Any) -> str:
        return reverse("procurement:notice", args=[result.pk])
