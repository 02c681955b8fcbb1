from django.urls import path

from . import views

app_name = "exports"

# Included under dashboard/, beside the figures they export.
urlpatterns = [
    path("deals.csv", views.deals_csv, name="deals-csv"),
    path("exports/", views.export_create, name="export-create"),
    path("exports/<int:pk>/", views.export_detail, name="export-detail"),
    path("exports/<int:pk>/restart/", views.export_restart, name="export-restart"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
]
