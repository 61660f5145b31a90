from django.urls import path

from commissioning.strategy import views

app_name = "strategy"

urlpatterns = [
    path("plan/", views.PlanIndexView.as_view(), name="index"),
    path("plan/optimiser/", views.OptimiserListView.as_view(), name="optimiser-list"),
    path("plan/optimiser/new/", views.OptimiserCreateView.as_view(), name="optimiser-create"),
    path("plan/optimiser/guide/", views.OptimiserGuideView.as_view(), name="optimiser-guide"),
    path("plan/optimiser/<int:pk>/", views.OptimiserDetailView.as_view(), name="optimiser-detail"),
    path("plan/optimiser/<int:pk>/<str:part>.json", views.OptimiserDownloadView.as_view(), name="optimiser-download"),
    path("plan/cycles/<int:cycle>/risks/", views.RiskRegisterView.as_view(), name="risk-register"),
    path("plan/cycles/<int:cycle>/risks/new/", views.RiskCreateView.as_view(), name="risk-create"),
    path("plan/risks/<int:pk>/", views.RiskEditView.as_view(), name="risk-edit"),
    path("plan/risks/<int:pk>/history/", views.RiskHistoryView.as_view(), name="risk-history"),
    path("plan/cycles/<int:cycle>/gap-analyses/", views.GapAnalysisListView.as_view(), name="gap-list"),
    path("plan/cycles/<int:cycle>/gap-analyses/new/", views.GapAnalysisCreateView.as_view(), name="gap-create"),
    path("plan/gap-analyses/<int:pk>/", views.GapAnalysisDetailView.as_view(), name="gap-detail"),
    path("plan/gap-analyses/<int:pk>/gap.<str:format>", views.GapAnalysisDownloadView.as_view(), name="gap-download"),
    path("plan/service-designs/", views.ServiceDesignListView.as_view(), name="design-list"),
    path("plan/service-designs/new/", views.ServiceDesignCreateView.as_view(), name="design-create"),
    path("plan/service-designs/<int:pk>/", views.ServiceDesignDetailView.as_view(), name="design-detail"),
    path("plan/service-designs/<int:pk>/edit/", views.ServiceDesignEditView.as_view(), name="design-edit"),
    path("plan/cycles/<int:cycle>/purchasing/", views.PlanListView.as_view(), name="plan-list"),
    path("plan/cycles/<int:cycle>/purchasing/new/", views.PlanCreateView.as_view(), name="plan-create"),
    path("plan/purchasing/<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("plan/purchasing/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan-edit"),
    path("plan/purchasing/<int:pk>/history/", views.PlanHistoryView.as_view(), name="plan-history"),
    path(
        "plan/purchasing/<int:pk>/procurements/new/", views.ProcurementCreateView.as_view(), name="procurement-create"
    ),
    path("plan/procurements/<int:pk>/", views.ProcurementEditView.as_view(), name="procurement-edit"),
    path(
        "plan/purchasing/<int:pk>/decommissioning/new/",
        views.DecommissioningCreateView.as_view(),
        name="decommissioning-create",
    ),
    path("plan/decommissioning/<int:pk>/", views.DecommissioningDetailView.as_view(), name="decommissioning-detail"),
    path(
        "plan/decommissioning/<int:pk>/people/new/",
        views.PersonTransitionCreateView.as_view(),
        name="person-transition-create",
    ),
    path(
        "plan/decommissioning/<int:pk>/providers/new/",
        views.ProviderTransitionCreateView.as_view(),
        name="provider-transition-create",
    ),
    path("plan/transitions/people/<int:pk>/", views.PersonTransitionStatusView.as_view(), name="person-transition"),
    path(
        "plan/transitions/providers/<int:pk>/", views.ProviderTransitionStatusView.as_view(), name="provider-transition"
    ),
    path("plan/cycles/<int:cycle>/strategy/", views.CycleStrategyView.as_view(), name="cycle-strategy"),
    path("plan/cycles/<int:cycle>/strategy/new/", views.StrategyStartView.as_view(), name="strategy-start"),
    path("plan/strategy/<int:pk>/", views.VersionDetailView.as_view(), name="version-detail"),
    path("plan/strategy/<int:pk>/edit/", views.VersionEditView.as_view(), name="version-edit"),
    path("plan/strategy/<int:pk>/history/", views.VersionHistoryView.as_view(), name="version-history"),
    path("plan/strategy/<int:pk>/compare/", views.VersionCompareView.as_view(), name="version-compare"),
    path("plan/strategy/<int:pk>/consult/", views.VersionConsultView.as_view(), name="version-consult"),
    path("plan/strategy/<int:pk>/reopen/", views.VersionReopenView.as_view(), name="version-reopen"),
    path("plan/strategy/<int:pk>/approve/", views.VersionApproveView.as_view(), name="version-approve"),
    path("plan/strategy/<int:pk>/new-draft/", views.VersionNewDraftView.as_view(), name="version-new-draft"),
    path("plan/strategy/<int:pk>/publish/", views.VersionPublishView.as_view(), name="version-publish"),
    path("plan/strategy/<int:pk>/strategy.<str:format>", views.VersionDownloadView.as_view(), name="version-download"),
    path("plan/strategy/<int:pk>/priorities/new/", views.PriorityCreateView.as_view(), name="priority-create"),
    path("plan/priorities/<int:pk>/", views.PriorityDetailView.as_view(), name="priority-detail"),
    path("plan/priorities/<int:pk>/edit/", views.PriorityEditView.as_view(), name="priority-edit"),
    path("plan/priorities/<int:pk>/remove/", views.PriorityDeleteView.as_view(), name="priority-delete"),
    path("plan/priorities/<int:pk>/targets/new/", views.TargetCreateView.as_view(), name="target-create"),
    path("plan/targets/<int:pk>/", views.TargetEditView.as_view(), name="target-edit"),
    path("plan/targets/<int:pk>/remove/", views.TargetDeleteView.as_view(), name="target-delete"),
    path("plan/priorities/<int:pk>/evidence/new/", views.PriorityEvidenceCreateView.as_view(), name="evidence-create"),
    path("plan/evidence/<int:pk>/remove/", views.PriorityEvidenceDeleteView.as_view(), name="evidence-delete"),
    path("public/strategies/<int:pk>/", views.PublicStrategyView.as_view(), name="version-public"),
    path(
        "public/strategies/<int:pk>/strategy.<str:format>",
        views.PublicStrategyDownloadView.as_view(),
        name="version-public-download",
    ),
]
