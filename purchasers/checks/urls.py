"""The checks' pages, under ``/review/`` beside the review they serve."""

from django.urls import path

from . import views

app_name = "checks"
urlpatterns = [
    path("checks/", views.check_list, name="list"),
    path("checks/bulk/", views.check_bulk, name="bulk"),
    path("checks/import/", views.check_import_upload, name="import"),
    path("checks/import/<str:token>/", views.check_import_preview, name="import-preview"),
    path("<int:pk>/credit-check/", views.credit_check, name="credit-check"),
    path(
        "<int:pk>/attendees/<int:attendee_pk>/background-check/",
        views.background_check,
        name="background-check",
    ),
]
