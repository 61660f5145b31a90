from django.contrib.auth import views as auth_views
from django.urls import path

from commissioning.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.AccountView.as_view(), name="account"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", views.OrganisationCreateView.as_view(), name="organisation-create"),
    path("organisations/<int:pk>/edit/", views.OrganisationUpdateView.as_view(), name="organisation-update"),
    path("organisations/<int:pk>/history/", views.OrganisationHistoryView.as_view(), name="organisation-history"),
    path("people/", views.UserListView.as_view(), name="user-list"),
    path("people/sign-in-locks/", views.SignInLockListView.as_view(), name="sign-in-locks"),
    path("people/new/", views.UserCreateView.as_view(), name="user-create"),
    path("people/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user-update"),
    path("people/<int:pk>/history/", views.UserHistoryView.as_view(), name="user-history"),
]

# Django's sign-in and password views keep their standard names (login, logout, password_reset...).
auth_urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
