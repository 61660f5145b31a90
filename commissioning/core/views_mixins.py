"""Small pieces shared by the page views of every app."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.generic import FormView

from commissioning.core.forms import add_service_errors
from commissioning.core.permissions import PageAccessMixin


def base_url(request: HttpRequest) -> str:
    """The service's address as the user reached it, for links in emails."""
    return request.build_absolute_uri("/")


class ServiceFormView(PageAccessMixin, FormView):
    """A form page whose valid input is handed to a service.

    Subclasses implement `perform(form)` (call the service, return the record) and
    `success_url_for(record)`; a ValidationError from the service is shown on the form, and
    nothing is saved (services are atomic).
    """

    success_message = ""

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def success_url_for(self, result: Any) -> str:
        return result.get_absolute_url()

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            result = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.success_url_for(result))
