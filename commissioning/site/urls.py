from django.urls import path

from commissioning.site import views

app_name = "site"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("public/", views.PublicIndexView.as_view(), name="public"),
    path("areas/", views.AreaListView.as_view(), name="area-list"),
    path("areas/<str:code>/", views.AreaDetailView.as_view(), name="area-detail"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
]
