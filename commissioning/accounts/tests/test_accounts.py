"""Signing in, password reset, accounts and organisations."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.accounts.choices import Role
from commissioning.accounts.models import Organisation, User
from commissioning.accounts.services import user_create
from commissioning.accounts.tests.factories import PASSWORD


def test_sign_in_with_email_and_password(world, client):
    response = client.post(reverse("login"), {"username": "ALICE@example.org ", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("site:home")
    assert "Your commissioning work" in client.get("/").content.decode()


def test_wrong_password_gets_one_clear_message(world, client):
    response = client.post(reverse("login"), {"username": "alice@example.org", "password": "wrong"})
    page = response.content.decode()
    assert "Enter a correct email address and password" in page
    assert "There is a problem" in page
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert "Enter your email address" in response.content.decode()


def test_deactivated_people_cannot_sign_in(world, client):
    world.pam.is_active = False
    world.pam.save()
    response = client.post(reverse("login"), {"username": "pam@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post(world, client_for):
    client = client_for(world.alice)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_password_reset_by_email(world, client):
    response = client.post(reverse("password_reset"), {"email": "carl@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/[^\s]+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a much better passphrase", "new_password2": "a much better passphrase"},
    )
    assert response.status_code == 302
    signed_in = client.post(reverse("login"), {"username": "carl@example.org", "password": "a much better passphrase"})
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session


def test_password_reset_does_not_reveal_whether_an_account_exists(world, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_administrator_adds_a_person_who_is_invited_by_email(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.ada)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user-create"),
            {
                "full_name": "Nadia Khan",
                "email": "Nadia.Khan@Example.org",
                "job_title": "Commissioning officer",
                "organisation": world.trafford.pk,
                "role": Role.COMMISSIONER,
            },
        )
    assert response.status_code == 302
    nadia = User.objects.get(email="nadia.khan@example.org")
    assert not nadia.has_usable_password()
    assert mail.outbox[0].to == ["nadia.khan@example.org"]
    assert "/password-reset/" in mail.outbox[0].body
    assert nadia.history.first().history_user == world.ada


def test_role_must_suit_the_organisation(world, client_for):
    client = client_for(world.ada)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "full_name": "Wrong",
            "email": "wrong@example.org",
            "organisation": world.provider_a.pk,
            "role": Role.COUNCILLOR,
        },
    )
    assert "A councillor (scrutiny) cannot belong to a care provider" in response.content.decode()
    assert not User.objects.filter(email="wrong@example.org").exists()


def test_email_addresses_are_unique_whatever_their_case(world, client_for):
    response = client_for(world.ada).post(
        reverse("accounts:user-create"),
        {
            "full_name": "Copy",
            "email": "ALICE@example.org",
            "organisation": world.trafford.pk,
            "role": Role.COMMISSIONER,
        },
    )
    assert "An account with this email address already exists" in response.content.decode()


def test_deactivating_someone_revokes_their_api_token(world, client_for):
    from rest_framework.authtoken.models import Token

    from commissioning.accounts.services import api_token_rotate

    api_token_rotate(user=world.pete)
    client_for(world.ada).post(
        reverse("accounts:user-update", args=[world.pete.pk]),
        {
            "full_name": "Pete",
            "email": "pete@example.org",
            "organisation": world.provider_b.pk,
            "role": Role.PROVIDER_USER,
        },
    )
    world.pete.refresh_from_db()
    assert not world.pete.is_active
    assert not Token.objects.filter(user=world.pete).exists()


def test_person_who_draws_on_care_may_have_no_organisation(db):
    person = user_create(by=None, email="p@example.org", full_name="P", role=Role.PERSON, organisation=None)
    assert person.organisation is None
    with pytest.raises(ValidationError):
        user_create(by=None, email="c@example.org", full_name="C", role=Role.COMMISSIONER, organisation=None)


def test_provider_sees_only_its_own_organisation(world, client_for):
    client = client_for(world.pam)
    page = client.get(reverse("accounts:organisation-list")).content.decode()
    assert "Provider A Care Ltd" in page and "Provider B Homes Ltd" not in page
    assert client.get(reverse("site:organisation-detail", args=[world.provider_b.pk])).status_code == 404


def test_members_are_shown_to_colleagues_and_administrators_only(world, client_for):
    url = reverse("site:organisation-detail", args=[world.trafford.pk])
    assert "Carl" in client_for(world.alice).get(url).content.decode()
    assert "Carl" not in client_for(world.iris).get(url).content.decode()


def test_administrator_adds_and_changes_an_organisation_with_history(world, client_for):
    client = client_for(world.ada)
    response = client.post(
        reverse("accounts:organisation-create"),
        {"name": "Sunrise Homecare Ltd", "kind": "provider", "companies_house_number": "01234567"},
    )
    organisation = Organisation.objects.get(name="Sunrise Homecare Ltd")
    assert response.url == reverse("site:organisation-detail", args=[organisation.pk])
    client.post(
        reverse("accounts:organisation-update", args=[organisation.pk]),
        {
            "name": "Sunrise Homecare Ltd",
            "kind": "provider",
            "companies_house_number": "01234567",
            "telephone": "0161 000 0000",
        },
    )
    history = client.get(reverse("accounts:organisation-history", args=[organisation.pk])).content.decode()
    assert "Ada" in history and "0161 000 0000" in history and "Created" in history


def test_organisation_form_rejects_bad_identifiers(world, client_for):
    response = client_for(world.ada).post(
        reverse("accounts:organisation-create"),
        {
            "name": "Bad Ltd",
            "kind": "provider",
            "companies_house_number": "12",
            "ods_code": "q!",
            "website": "not a url",
        },
    )
    page = response.content.decode()
    assert "Enter the 8-character Companies House number" in page
    assert "Enter an ODS code" in page
    assert not Organisation.objects.filter(name="Bad Ltd").exists()


def test_api_token_is_shown_once(world, client_for):
    client = client_for(world.alice)
    page = client.post(reverse("accounts:account"), {"action": "rotate"}).content.decode()
    key = re.search(r'id="api-token">(\w+)<', page).group(1)
    assert len(key) == 40
    assert key not in client.get(reverse("accounts:account")).content.decode()
    client.post(reverse("accounts:account"), {"action": "revoke"})
    assert "You do not have a token" in client.get(reverse("accounts:account")).content.decode()


def test_organisations_api_is_scoped_and_admin_only_for_writes(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.pam)
    names = {row["name"] for row in client.get("/api/v1/organisations/").json()["results"]}
    assert names == {"Provider A Care Ltd"}
    assert client.post("/api/v1/organisations/", {"name": "X", "kind": "provider"}, format="json").status_code == 403
    client.force_authenticate(world.ada)
    created = client.post("/api/v1/organisations/", {"name": "New Care Ltd", "kind": "provider"}, format="json")
    assert created.status_code == 201
    duplicate = client.post("/api/v1/organisations/", {"name": "New Care Ltd", "kind": "provider"}, format="json")
    assert duplicate.status_code == 400 and "name" in duplicate.json()


def test_an_icb_with_cycles_and_commissioners_cannot_become_a_provider(world):
    from commissioning.accounts.services import organisation_update

    with pytest.raises(ValidationError) as error:
        organisation_update(organisation=world.icb, by=world.ada, kind="provider")
    assert "kind" in error.value.message_dict
    world.icb.refresh_from_db()
    assert world.icb.kind == "nhs_icb"


def test_administrators_only_offer_organisations_they_look_after(world, client_for):
    page = client_for(world.ada).get(reverse("accounts:user-create")).content.decode()
    assert "Provider A Care Ltd" in page and "Trafford Council" in page
    assert "Stockport Council" not in page and "NHS Greater Manchester ICB" not in page
    response = client_for(world.ada).post(
        reverse("accounts:user-create"),
        {"full_name": "Mole", "email": "mole@example.org", "organisation": world.stockport.pk, "role": "commissioner"},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(email="mole@example.org").exists()
