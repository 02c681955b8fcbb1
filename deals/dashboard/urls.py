from django.urls import path

from ..exports import views as export_views
from . import views as dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path(
        "delegations/<int:pk>/",
        dashboard_views.dashboard_delegation,
        name="dashboard-delegation",
    ),
    path("deals.csv", export_views.deals_csv, name="dashboard-deals-csv"),
    path("exports/", export_views.export_create, name="dashboard-export-create"),
    path("exports/<int:pk>/", export_views.export_detail, name="dashboard-export"),
    path("exports/<int:pk>/restart/", export_views.export_restart, name="dashboard-export-restart"),
    path(
        "exports/<int:pk>/download/",
        export_views.export_download,
        name="dashboard-export-download",
    ),
]
