from django.urls import path

from ..countries import views as country_views
from . import views

app_name = "deals"

urlpatterns = [
    path("", views.deal_index, name="deal-list"),
    path("new/", views.deal_create, name="deal-create"),
    path("follow-up/", views.follow_up, name="deal-follow-up-list"),
    path("<int:pk>/", views.deal_detail, name="deal-detail"),
    path("<int:pk>/edit/", views.deal_edit, name="deal-edit"),
    path("<int:pk>/move/", views.deal_follow_up, name="deal-move"),
    path("<int:pk>/notes/", views.deal_note, name="deal-note"),
    path("countries/unmatched/", country_views.unmatched, name="countries-unmatched"),
]
