from django.urls import path

from . import views

app_name = "deal_imports"

# Included under deals/: the exhibitors' import sits with the directory's pages.
urlpatterns = [
    path("import/", views.deal_import, name="deal-import"),
    path("import/template/<slug:kind>.xlsx", views.sheet_template_download, name="import-template"),
    path("exhibitors/import/", views.exhibitor_import, name="exhibitor-import"),
]
