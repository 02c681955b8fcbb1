from django.urls import path

from . import views

app_name = "exhibitors"

urlpatterns = [
    path("", views.exhibitor_index, name="exhibitor-list"),
    path("search/", views.exhibitor_search_view, name="exhibitor-search"),
    path("new/", views.exhibitor_edit, name="exhibitor-create"),
    path("<int:pk>/edit/", views.exhibitor_edit, name="exhibitor-edit"),
    path("proposals/", views.exhibitor_proposals, name="exhibitor-proposals"),
    path(
        "proposals/<int:pk>/<str:decision>/",
        views.exhibitor_proposal_decide_view,
        name="exhibitor-proposal-decide",
    ),
]
