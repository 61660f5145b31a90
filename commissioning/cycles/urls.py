from django.urls import path

from commissioning.cycles import views

app_name = "cycles"

urlpatterns = [
    path("cycles/", views.CycleListView.as_view(), name="list"),
    path("cycles/new/", views.CycleCreateView.as_view(), name="create"),
    path("cycles/<int:pk>/", views.CycleDetailView.as_view(), name="detail"),
    path("cycles/<int:pk>/edit/", views.CycleUpdateView.as_view(), name="update"),
    path("cycles/<int:pk>/history/", views.CycleHistoryView.as_view(), name="history"),
    path("cycles/<int:pk>/next/", views.CycleNextView.as_view(), name="next"),
    path("cycles/<int:pk>/close/", views.CycleCloseView.as_view(), name="close"),
    path("cycles/<int:pk>/activities/new/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("cycles/<int:pk>/effort/", views.EffortView.as_view(), name="effort"),
    path("cycles/<int:pk>/effort/new/", views.EffortCreateView.as_view(), name="effort-create"),
    path("cycles/<int:pk>/findings/", views.FindingListView.as_view(), name="findings"),
    path("cycles/<int:pk>/findings/new/", views.FindingCreateView.as_view(), name="finding-create"),
    path("cycles/<int:pk>/<slug:level>/<slug:element>/", views.ElementView.as_view(), name="element"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity-update"),
    path("activities/<int:pk>/complete/", views.ActivityCompleteView.as_view(), name="activity-complete"),
    path("activities/<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity-delete"),
    path("activities/<int:pk>/history/", views.ActivityHistoryView.as_view(), name="activity-history"),
    path("activities/<int:pk>/evidence/new/", views.EvidenceCreateView.as_view(), name="evidence-create"),
    path("evidence/new/", views.EvidenceCreateView.as_view(), name="evidence-new"),
    path("evidence/<int:pk>/delete/", views.EvidenceDeleteView.as_view(), name="evidence-delete"),
    path("effort/<int:pk>/delete/", views.EffortDeleteView.as_view(), name="effort-delete"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding-detail"),
    path("findings/<int:pk>/respond/", views.FindingRespondView.as_view(), name="finding-respond"),
    path("findings/<int:pk>/history/", views.FindingHistoryView.as_view(), name="finding-history"),
    path("policy/", views.PolicyListView.as_view(), name="policy-list"),
    path("policy/new/", views.PolicyCreateView.as_view(), name="policy-create"),
    path("policy/<int:pk>/", views.PolicyDetailView.as_view(), name="policy-detail"),
    path("policy/<int:pk>/edit/", views.PolicyUpdateView.as_view(), name="policy-update"),
    path("policy/<int:pk>/cycles/", views.PolicyLinkView.as_view(), name="policy-link"),
    path("policy/<int:pk>/history/", views.PolicyHistoryView.as_view(), name="policy-history"),
]
