"""Submit once: a create page or API call sent twice creates one record.

A page's form carries a one-time token (`form_token_input()` in its template, a hidden field);
its view answers the POST through `answer_once`. The first POST with a token records it, in the
same transaction as what it creates, and remembers where it led; a second POST with that token
(a double click, a reload, the same form sent from two tabs) creates nothing and is taken to what
the first made. A form shown again with errors keeps its token, and leaves no record, so it can
be put right and sent again. The API does the same with the `Idempotency-Key` header
(core.api.AnswerOnce). Why and how: docs/adr/0011-submit-once.md.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseRedirectBase
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from commissioning.core.models import Submission

FORM_TOKEN_FIELD = "form_token"  # noqa: S105 (a field name, not a secret)
# What a token or key may look like: long enough not to be guessed twice, short enough to keep.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{16,255}$")

ALREADY_SENT = "This form was already sent, so nothing was added again. This is what it made."
NOT_FROM_THE_PAGE = (
    "This form could not be sent because it did not come from this service's own page. "
    "Check your answers and send it again."
)


class AlreadySent(Exception):
    """The key was sent before: `submission` is the first time."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(submission.key)
        self.submission = submission


def form_token(request: HttpRequest) -> str:
    """The token for a form on this page: the one it was sent with when it is shown again with
    errors (so that sending it again still counts as the same submission), otherwise a new one."""
    sent = request.POST.get(FORM_TOKEN_FIELD, "") if request.method == "POST" else ""
    return sent if KEY_PATTERN.match(sent) else uuid.uuid4().hex


def form_token_input(request: HttpRequest) -> SafeString:
    """The hidden field every create form carries (a template global)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_TOKEN_FIELD, form_token(request))


def submission_start(*, user: Any, key: str, fingerprint: str = "") -> Submission:
    """Record that `user` sent `key`, or raise AlreadySent with the first time they did.

    Call it inside the transaction that creates the record: a simultaneous second request waits
    on the unique constraint until the first commits (and is then a repeat) or rolls back (and
    then goes ahead)."""
    try:
        with transaction.atomic():
            return Submission.objects.create(user=user, key=key, fingerprint=fingerprint)
    except IntegrityError:
        earlier = Submission.objects.filter(user=user, key=key).first()
        if earlier is None:  # the first was rolled back in between: this one is not a repeat
            raise
        raise AlreadySent(earlier) from None


def answer_once(
    request: HttpRequest,
    respond: Callable[[], HttpResponse],
    *,
    not_from_page: Callable[[], HttpResponse],
    one_transaction: bool = True,
) -> HttpResponse:
    """Answer a page's create POST once for its form token.

    `respond()` handles the POST as usual. If it redirects (it made something), the token is kept
    with where it led; any other answer (the form again, with errors) keeps nothing. A POST
    without a token did not come from the page's form: `not_from_page()` answers it.

    An import (`one_transaction=False`) keeps the token from the start instead, so that a long
    import does not run inside one transaction (its services open their own once the file is
    checked): a repeat sent while it runs is told it was sent, and is taken back to the form.
    """
    if not one_transaction:
        return _answer_once_in_steps(request, respond, not_from_page=not_from_page)
    sent = request.POST.get(FORM_TOKEN_FIELD, "")
    if not KEY_PATTERN.match(sent):
        return not_from_page()
    key = f"form:{sent}"
    earlier = sent_before(request)
    if earlier is not None:
        return already_sent(request, earlier)
    try:
        with transaction.atomic():
            submission = submission_start(user=request.user, key=key)
            response = respond()
            if isinstance(response, HttpResponseRedirectBase):
                submission.result_url = response["Location"][:1000]
                submission.save(update_fields=["result_url"])
            else:
                submission.delete()
    except AlreadySent as repeat:
        return already_sent(request, repeat.submission)
    return response


def _answer_once_in_steps(
    request: HttpRequest, respond: Callable[[], HttpResponse], *, not_from_page: Callable[[], HttpResponse]
) -> HttpResponse:
    sent = request.POST.get(FORM_TOKEN_FIELD, "")
    if not KEY_PATTERN.match(sent):
        return not_from_page()
    try:
        submission = submission_start(user=request.user, key=f"form:{sent}")
    except AlreadySent as repeat:
        return already_sent(request, repeat.submission)
    try:
        response = respond()
    except BaseException:
        submission.delete()
        raise
    if isinstance(response, HttpResponseRedirectBase):
        submission.result_url = response["Location"][:1000]
        submission.save(update_fields=["result_url"])
    else:
        submission.delete()
    return response


def sent_before(request: HttpRequest) -> Submission | None:
    """The first time this person sent the form token this POST carries, if they already have."""
    sent = request.POST.get(FORM_TOKEN_FIELD, "")
    if not request.user.is_authenticated or not KEY_PATTERN.match(sent):
        return None
    return Submission.objects.filter(user=request.user, key=f"form:{sent}").first()


def already_sent(request: HttpRequest, submission: Submission) -> HttpResponse:
    messages.info(request, ALREADY_SENT)
    return HttpResponseRedirect(submission.result_url or request.get_full_path())


def submission_prune(*, older_than: datetime.timedelta) -> int:
    """Forget tokens and keys sent longer ago than `older_than`; returns how many went."""
    deleted, _ = Submission.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
