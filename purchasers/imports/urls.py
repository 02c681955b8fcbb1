from django.urls import path

from . import views as import_views

urlpatterns = [
    path("", import_views.import_upload, name="registration-import"),
    path("template.xlsx", import_views.import_template, name="registration-import-template"),
    path("<str:token>/", import_views.import_preview, name="registration-import-preview"),
    path(
        "<str:token>/errors.xlsx",
        import_views.import_errors_sheet,
        name="registration-import-errors",
    ),
]
