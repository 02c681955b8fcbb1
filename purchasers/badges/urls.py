from django.urls import path

from . import layout_views, views

urlpatterns = [
    path("", views.badge_overview, name="badge-overview"),
    path("delegations/<int:pk>/official.xlsx", views.badge_export, name="badge-export"),
    path("import/", views.badge_import, name="badge-import"),
    path("import/<str:token>/", views.badge_import_preview, name="badge-import-preview"),
    path(
        "import/<str:token>/skipped.xlsx",
        views.badge_import_skipped,
        name="badge-import-skipped",
    ),
    path(
        "delegations/<int:pk>/units/<int:unit_pk>/",
        views.badge_hand_over_list,
        name="badge-hand-over-list",
    ),
    path(
        "delegations/<int:pk>/units/<int:unit_pk>/hand-over/",
        views.badge_hand_over,
        name="badge-hand-over",
    ),
    path("attendees/<int:pk>/", views.badge_detail, name="badge-detail"),
    path("layouts/", layout_views.layout_list, name="badge-layout-list"),
    path("layouts/<int:pk>/", layout_views.layout_edit, name="badge-layout-edit"),
]
