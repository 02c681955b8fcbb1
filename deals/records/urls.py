from django.urls import path

from ..countries import views as country_views
from ..directory import views as picker_views
from . import views

app_name = "deals"

urlpatterns = [
    path("", views.deal_index, name="deal-list"),
    path("new/", views.deal_create, name="deal-create"),
    path("import/", views.deal_import, name="deal-import"),
    path("import/template/<slug:kind>.xlsx", views.import_template, name="import-template"),
    path("follow-up/", views.follow_up, name="deal-follow-up-list"),
    path("rates/", views.exchange_rates, name="exchange-rates"),
    path("<int:pk>/", views.deal_detail, name="deal-detail"),
    path("<int:pk>/edit/", views.deal_edit, name="deal-edit"),
    path("<int:pk>/move/", views.deal_follow_up, name="deal-move"),
    path("<int:pk>/notes/", views.deal_note, name="deal-note"),
    path("exhibitors/", views.exhibitor_index, name="exhibitor-list"),
    path("exhibitors/search/", picker_views.exhibitor_search, name="exhibitor-search"),
    path("countries/unmatched/", country_views.unmatched, name="countries-unmatched"),
    path("exhibitors/new/", views.exhibitor_edit, name="exhibitor-create"),
    path("exhibitors/import/", views.exhibitor_import, name="exhibitor-import"),
    path("exhibitors/<int:pk>/edit/", views.exhibitor_edit, name="exhibitor-edit"),
    path("exhibitors/proposals/", views.exhibitor_proposals, name="exhibitor-proposals"),
    path(
        "exhibitors/proposals/<int:pk>/<str:decision>/",
        views.exhibitor_proposal_decide,
        name="exhibitor-proposal-decide",
    ),
    path("needs/", views.need_index, name="need-list"),
    path("needs/new/", views.need_create, name="need-create"),
    path("needs/<int:pk>/", views.need_detail, name="need-detail"),
]
