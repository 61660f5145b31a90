from django.urls import path

from commissioning.contracts import views

app_name = "contracts"

C = "contracts/<int:pk>/"

urlpatterns = [
    path("contracts/", views.ContractListView.as_view(), name="index"),
    path("contracts/new/", views.ContractCreateView.as_view(), name="create"),
    path("contracts/from-award/<int:award>/", views.FromAwardView.as_view(), name="from-award"),
    path("contracts/find-a-provider/", views.FindProviderView.as_view(), name="find-provider"),
    path("your-contracts/", views.ProviderContractListView.as_view(), name="provider-list"),
    path(C, views.ContractDetailView.as_view(), name="detail"),
    path(C + "edit/", views.ContractEditView.as_view(), name="edit"),
    path(C + "history/", views.ContractHistoryView.as_view(), name="history"),
    path(C + "variations/new/", views.VariationCreateView.as_view(), name="variation-create"),
    path(C + "terminate/", views.TerminateView.as_view(), name="terminate"),
    path(C + "extensions/new/", views.ExtensionCreateView.as_view(), name="extension-create"),
    path(C + "extensions/<int:part>/use/", views.ExtensionUseView.as_view(), name="extension-use"),
    path(C + "documents/new/", views.DocumentUploadView.as_view(), name="document-upload"),
    path(C + "documents/<int:part>/", views.DocumentFileView.as_view(), name="document"),
    path(C + "kpis/new/", views.KpiCreateView.as_view(), name="kpi-create"),
    path(C + "kpis/from-tender/", views.KpisFromTenderView.as_view(), name="kpis-from-tender"),
    path(C + "kpis/<int:part>/", views.KpiEditView.as_view(), name="kpi-edit"),
    path(C + "call-offs/new/", views.CallOffCreateView.as_view(), name="call-off-create"),
    path(C + "call-offs/<int:part>/decide/", views.CallOffDecideView.as_view(), name="call-off-decide"),
    path(C + "call-offs/<int:part>/end/", views.CallOffEndView.as_view(), name="call-off-end"),
    path(C + "utilisation/", views.UtilisationView.as_view(), name="utilisation"),
    path("public/open-contracting/contracts.json", views.ContractReleasesView.as_view(), name="releases"),
    path(C + "standards/new/", views.StandardCreateView.as_view(), name="standard-create"),
]
