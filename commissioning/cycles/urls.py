from django.urls import path

from commissioning.cycles.views import activities, cycles, documents, effort, findings, policy

app_name = "cycles"

urlpatterns = [
    path("cycles/", cycles.CycleListView.as_view(), name="list"),
    path("cycles/new/", cycles.CycleCreateView.as_view(), name="create"),
    path("cycles/<int:pk>/", cycles.CycleDetailView.as_view(), name="detail"),
    path("cycles/<int:pk>/edit/", cycles.CycleUpdateView.as_view(), name="update"),
    path("cycles/<int:pk>/history/", cycles.CycleHistoryView.as_view(), name="history"),
    path("cycles/<int:pk>/next/", cycles.CycleNextView.as_view(), name="next"),
    path("cycles/<int:pk>/close/", cycles.CycleCloseView.as_view(), name="close"),
    path("cycles/<int:pk>/activities/new/", activities.ActivityCreateView.as_view(), name="activity-create"),
    path("cycles/<int:pk>/effort/", effort.EffortView.as_view(), name="effort"),
    path("cycles/<int:pk>/effort/new/", effort.EffortCreateView.as_view(), name="effort-create"),
    path("cycles/<int:pk>/findings/", findings.FindingListView.as_view(), name="findings"),
    path("cycles/<int:pk>/findings/new/", findings.FindingCreateView.as_view(), name="finding-create"),
    path("cycles/<int:pk>/<slug:level>/<slug:element>/", cycles.ElementView.as_view(), name="element"),
    path("activities/<int:pk>/", activities.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/<int:pk>/edit/", activities.ActivityUpdateView.as_view(), name="activity-update"),
    path("activities/<int:pk>/complete/", activities.ActivityCompleteView.as_view(), name="activity-complete"),
    path("activities/<int:pk>/delete/", activities.ActivityDeleteView.as_view(), name="activity-delete"),
    path("activities/<int:pk>/history/", activities.ActivityHistoryView.as_view(), name="activity-history"),
    path("activities/<int:pk>/evidence/new/", activities.EvidenceCreateView.as_view(), name="evidence-create"),
    path("evidence/new/", activities.EvidenceCreateView.as_view(), name="evidence-new"),
    path("cycles/documents/", documents.DocumentListView.as_view(), name="document-list"),
    path("cycles/documents/new/", documents.DocumentUploadView.as_view(), name="document-upload"),
    path("cycles/documents/<int:pk>/file", documents.DocumentFileView.as_view(), name="document-file"),
    path("evidence/<int:pk>/delete/", activities.EvidenceDeleteView.as_view(), name="evidence-delete"),
    path("effort/<int:pk>/delete/", effort.EffortDeleteView.as_view(), name="effort-delete"),
    path("findings/<int:pk>/", findings.FindingDetailView.as_view(), name="finding-detail"),
    path("findings/<int:pk>/respond/", findings.FindingRespondView.as_view(), name="finding-respond"),
    path("findings/<int:pk>/history/", findings.FindingHistoryView.as_view(), name="finding-history"),
    path("public/cycles/<int:pk>/", cycles.PublicCycleView.as_view(), name="public"),
    path("policy/", policy.PolicyListView.as_view(), name="policy-list"),
    path("policy/new/", policy.PolicyCreateView.as_view(), name="policy-create"),
    path("policy/<int:pk>/", policy.PolicyDetailView.as_view(), name="policy-detail"),
    path("policy/<int:pk>/edit/", policy.PolicyUpdateView.as_view(), name="policy-update"),
    path("policy/<int:pk>/cycles/", policy.PolicyLinkView.as_view(), name="policy-link"),
    path("policy/<int:pk>/history/", policy.PolicyHistoryView.as_view(), name="policy-history"),
]
