from django.urls import path

from commissioning.care import views

app_name = "care"

P = "care/packages/<int:pk>/"

urlpatterns = [
    path("care/", views.PackageListView.as_view(), name="index"),
    path("your-care-packages/", views.ProviderPackageListView.as_view(), name="provider-list"),
    path("care/people/new/", views.PersonCreateView.as_view(), name="person-create"),
    path("care/people/<int:pk>/", views.PersonView.as_view(), name="person"),
    path("care/people/<int:pk>/packages/new/", views.PackageCreateView.as_view(), name="package-create"),
    path("care/people/<int:pk>/budget/", views.BudgetCreateView.as_view(), name="budget-create"),
    path("care/budgets/<int:pk>/review/", views.BudgetReviewView.as_view(), name="budget-review"),
    path(P, views.PackageView.as_view(), name="package"),
    path(P + "change/", views.PackageChangeView.as_view(), name="package-change"),
    path(P + "end/", views.PackageEndView.as_view(), name="package-end"),
    path(P + "move/", views.PackageMoveView.as_view(), name="package-move"),
    path(P + "purchases/new/", views.PurchaseCreateView.as_view(), name="purchase-create"),
    path("care/provider-failures/new/", views.FailureCreateView.as_view(), name="failure-create"),
    path("care/provider-failures/<int:pk>/", views.FailureView.as_view(), name="failure"),
    path("care/decommissionings/<int:pk>/", views.DecommissioningView.as_view(), name="decommissioning"),
    path("care/decommissionings/<int:pk>/plan/", views.TransitionsPlanView.as_view(), name="transitions-plan"),
]
