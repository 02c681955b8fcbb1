from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_upload, name="upload"),
    path("template.xlsx", views.registration_template_download, name="template"),
    path("<str:token>/", views.import_preview, name="preview"),
    path("<str:token>/errors.xlsx", views.import_errors_sheet, name="errors"),
]
