from django.urls import path

from . import views

app_name = "ownerships"

urlpatterns = [
    path("", views.ownership_index, name="index"),
    path("new/", views.ownership_edit, name="new"),
    path("<slug:code>/", views.ownership_edit, name="edit"),
]
