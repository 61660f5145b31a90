"""Writes for organisations and people: every page, API call and command goes through here."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from commissioning.accounts.choices import COMMISSIONING_KINDS, ROLE_ORGANISATION_KINDS
from commissioning.accounts.models import Organisation, SignInUnlock, User
from commissioning.accounts.selectors import sign_in_lock_list
from commissioning.core.services import audited_save, model_update
from commissioning.core.tasks import send_email

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "area",
    "ods_code",
    "companies_house_number",
    "charity_number",
    "website",
    "email",
    "telephone",
)
USER_FIELDS = ("email", "full_name", "job_title", "organisation", "role", "is_active")


@transaction.atomic
def organisation_create(*, by: User | None, managed_by: Organisation | None = None, **fields: Any) -> Organisation:
    """Add an organisation (council, ICB, provider or voluntary group).

    The adding administrator's organisation looks after it from then on.
    """
    organisation = Organisation(
        **{key: fields[key] for key in fields if key in (*ORGANISATION_FIELDS, "is_demo")},
        managed_by=managed_by or (by.organisation if by is not None else None),
    )
    return audited_save(instance=organisation, by=by)


def _check_kind_change(organisation: Organisation, kind: str) -> None:
    """A new kind must suit the organisation's people and the cycles it commissions."""
    if kind == organisation.kind:
        return
    unsuitable = {
        member.get_role_display().lower()
        for member in organisation.members.filter(is_active=True)
        if kind not in ROLE_ORGANISATION_KINDS.get(member.role, ())
    }
    if unsuitable:
        raise ValidationError(
            {"kind": f"Its people include roles this type cannot have: {', '.join(sorted(unsuitable))}"}
        )
    if kind not in COMMISSIONING_KINDS and (organisation.cycles_led.exists() or organisation.cycles_partnered.exists()):
        raise ValidationError({"kind": "It leads or shares commissioning cycles, so it must stay a council or ICB"})


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User | None, **fields: Any) -> Organisation:
    fields = {k: v for k, v in fields.items() if k in ORGANISATION_FIELDS}
    if "kind" in fields:
        _check_kind_change(organisation, fields["kind"])
    organisation, _ = model_update(instance=organisation, fields=fields, by=by)
    return organisation


def _set_password_link(user: User, base_url: str) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


@transaction.atomic
def user_create(
    *,
    by: User | None,
    email: str,
    full_name: str,
    role: str,
    organisation: Organisation | None,
    job_title: str = "",
    password: str | None = None,
    base_url: str | None = None,
    is_demo: bool = False,
    managed_by: Organisation | None = None,
) -> User:
    """Create an account. Without a password, the person is emailed a link to set their own."""
    user = User(
        email=email.strip().lower(),
        full_name=full_name,
        role=role,
        organisation=organisation,
        job_title=job_title,
        is_demo=is_demo,
        # Outside the administrator's own organisation, their organisation looks after the account.
        managed_by=managed_by
        or (by.organisation if by is not None and by.organisation_id != getattr(organisation, "pk", None) else None),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    audited_save(instance=user, by=by)
    if not password and base_url:
        link = _set_password_link(user, base_url)
        body = (
            f"Hello {user.full_name},\n\n"
            f"An account has been created for you on {settings.SERVICE_NAME}"
            f"{' by ' + by.full_name if by else ''}.\n\n"
            f"Choose your password here (the link works for 24 hours):\n{link}\n\n"
            f"Your email address is your sign-in name: {user.email}\n"
        )
        transaction.on_commit(
            lambda: send_email.enqueue(to=[user.email], subject=f"Your {settings.SERVICE_NAME} account", body=body)
        )
    return user


def user_update(*, user: User, by: User | None, **fields: Any) -> User:
    """Change someone's details, role or organisation, or deactivate them (is_active=False)."""
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
    user, _ = model_update(instance=user, fields={k: v for k, v in fields.items() if k in USER_FIELDS}, by=by)
    if not user.is_active:
        Token.objects.filter(user=user).delete()
    return user


@transaction.atomic
def api_token_rotate(*, user: User) -> str:
    """Replace the user's API token and return the new key (shown to them once)."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key


def api_token_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()


@transaction.atomic
def sign_in_unlock(*, email: str, by: User) -> SignInUnlock:
    """Let a locked email address sign in again now, recording who did it.

    Only a lock the person may see can be lifted (an administrator's own people; an operator's
    any), so an administrator cannot unlock another council's officer.
    """
    lock = next((lock for lock in sign_in_lock_list(user=by) if lock.email == email), None)
    if lock is None:
        raise ValidationError("That email address is not locked, or is not one you look after")
    axes_reset(username=email)
    unlock = SignInUnlock(email=email, person=lock.person, failures=lock.failures, unlocked_by=by)
    unlock.full_clean()
    unlock.save()
    return unlock
