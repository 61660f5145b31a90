"""Pages for signing in, your account, organisations and (for administrators) people."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from rest_framework.authtoken.models import Token

from commissioning.accounts import selectors, services
from commissioning.accounts.filtersets import OrganisationFilterSet, UserFilterSet
from commissioning.accounts.forms import (
    OrganisationForm,
    SignInForm,
    UserForm,
    attempted_email,
)
from commissioning.accounts.models import Organisation, User
from commissioning.accounts.permissions import can_manage_people, manages_organisation
from commissioning.core.filtersets import filtered_page
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ServiceFormView, base_url


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def sign_in_locked(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The sign-in page again, saying the address is locked (django-axes calls this instead of
    checking the password). Said the same way whether or not an account has that address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = (
        f"Too many wrong passwords for this email address. You can try again in {minutes} minutes, "
        "or ask your organisation's administrator to unlock it sooner."
    )
    form = SignInForm(request, initial={"username": attempted_email(request, credentials)})
    context = {"form": form, "locked_message": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


class AccountView(PageAccessMixin, TemplateView):
    """Your details, and an API token for scripts and other systems."""

    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            has_token=Token.objects.filter(user=self.request.user).exists(), new_token=None, **kwargs
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("action") == "revoke":
            services.api_token_revoke(user=request.user)
            messages.success(request, "API token revoked")
            return HttpResponseRedirect(reverse("accounts:account"))
        key = services.api_token_rotate(user=request.user)
        context = self.get_context_data()
        context.update(has_token=True, new_token=key)
        return self.render_to_response(context)


class OrganisationListView(PageAccessMixin, TemplateView):
    template_name = "accounts/organisation_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filterset = OrganisationFilterSet.for_page(self.request, selectors.organisation_list(user=self.request.user))
        form, page = filterset.form, filtered_page(self.request, filterset)
        return super().get_context_data(
            form=form,
            page=page,
            can_manage=can_manage_people(self.request.user),
            **kwargs,
        )


class OrganisationMixin(PageAccessMixin):
    @cached_property
    def organisation(self) -> Organisation:
        return selectors.organisation_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Organisation:
        return self.organisation


class OrganisationCreateView(ServiceFormView):
    template_name = "accounts/organisation_form.html"
    permission = staticmethod(can_manage_people)
    form_class = OrganisationForm
    success_message = "Organisation added"

    def perform(self, form: OrganisationForm) -> Organisation:
        return services.organisation_create(by=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: Organisation) -> str:
        return reverse("site:organisation-detail", args=[result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading="Add an organisation", organisation=None, **kwargs)


class OrganisationUpdateView(OrganisationMixin, ServiceFormView):
    submit_once = False
    template_name = "accounts/organisation_form.html"
    permission = staticmethod(manages_organisation)
    form_class = OrganisationForm
    success_message = "Organisation updated"

    def get_initial(self) -> dict[str, Any]:
        organisation = self.organisation
        return {name: getattr(organisation, name) for name in services.ORGANISATION_FIELDS} | {
            "area": organisation.area_id
        }

    def perform(self, form: OrganisationForm) -> Organisation:
        return services.organisation_update(organisation=self.organisation, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: Organisation) -> str:
        return reverse("site:organisation-detail", args=[result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading=f"Change {self.organisation.name}", organisation=self.organisation, **kwargs
        )


class OrganisationHistoryView(OrganisationMixin, HistoryPageMixin, TemplateView):
    permission = staticmethod(manages_organisation)

    def history_records(self) -> list[Any]:
        return [Organisation.history.filter(id=self.organisation.pk)]

    def history_subject(self) -> tuple[str, str]:
        return self.organisation.name, reverse("site:organisation-detail", args=[self.organisation.pk])


class UserListView(PageAccessMixin, TemplateView):
    template_name = "accounts/user_list.html"
    permission = staticmethod(can_manage_people)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filterset = UserFilterSet.for_page(self.request, selectors.user_list(user=self.request.user))
        form, page = filterset.form, filtered_page(self.request, filterset)
        return super().get_context_data(form=form, page=page, **kwargs)


class SignInLockListView(PageAccessMixin, TemplateView):
    """Email addresses locked after too many wrong passwords, and the button to unlock one."""

    template_name = "accounts/sign_in_locks.html"
    permission = staticmethod(can_manage_people)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            locks=selectors.sign_in_lock_list(user=self.request.user),
            unlocks=selectors.sign_in_unlock_list(user=self.request.user)[:20],
            settings_failure_limit=settings.AXES_FAILURE_LIMIT,
            settings_lock_minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = request.POST.get("email", "")
        try:
            services.sign_in_unlock(email=email, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{email} can sign in again")
        return HttpResponseRedirect(reverse("accounts:sign-in-locks"))


class UserCreateView(ServiceFormView):
    template_name = "accounts/user_form.html"
    permission = staticmethod(can_manage_people)
    success_message = "Account created. We have emailed them a link to choose a password."

    def get_form(self, form_class: Any = None) -> UserForm:
        return UserForm(
            **self.get_form_kwargs(), organisations=selectors.managed_organisation_list(user=self.request.user)
        )

    def get_initial(self) -> dict[str, Any]:
        organisation = self.request.GET.get("organisation", "")
        return {"organisation": organisation} if organisation.isdigit() else {}

    def perform(self, form: UserForm) -> User:
        return services.user_create(by=self.request.user, base_url=base_url(self.request), **form.cleaned_data)

    def success_url_for(self, result: User) -> str:
        return reverse("accounts:user-list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading="Add a person", person=None, **kwargs)


class PersonMixin(PageAccessMixin):
    permission = staticmethod(can_manage_people)

    @cached_property
    def person(self) -> User:
        return selectors.user_get(user=self.request.user, pk=self.kwargs["pk"])


class UserUpdateView(PersonMixin, ServiceFormView):
    submit_once = False
    template_name = "accounts/user_form.html"
    success_message = "Account updated"

    def get_form(self, form_class: Any = None) -> UserForm:
        return UserForm(
            **self.get_form_kwargs(),
            instance=self.person,
            organisations=selectors.managed_organisation_list(user=self.request.user),
        )

    def get_initial(self) -> dict[str, Any]:
        person = self.person
        return {name: getattr(person, name) for name in services.USER_FIELDS} | {"organisation": person.organisation_id}

    def perform(self, form: UserForm) -> User:
        return services.user_update(user=self.person, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: User) -> str:
        return reverse("accounts:user-list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=f"Change {self.person.full_name}", person=self.person, **kwargs)


class UserHistoryView(PersonMixin, HistoryPageMixin, TemplateView):
    def history_records(self) -> list[Any]:
        return [User.history.filter(id=self.person.pk)]

    def history_subject(self) -> tuple[str, str]:
        return self.person.full_name, reverse("accounts:user-update", args=[self.person.pk])


password_reset = auth_views.PasswordResetView.as_view(
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
)
