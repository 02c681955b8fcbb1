from django.urls import path

from . import bulk_views, views

app_name = "registrations"
urlpatterns = [
    path("", views.registration_index, name="list"),
    path("new/", views.registration_create, name="create"),
    path("bulk-submit/", bulk_views.registration_bulk_submit, name="bulk-submit"),
    path("carry-over/", views.registration_carry_over, name="carry-over"),
    path("<int:pk>/", views.registration_detail, name="detail"),
    path("<int:pk>/edit/", views.registration_edit, name="edit"),
    path("<int:pk>/submit/", views.registration_submit_view, name="submit"),
]
