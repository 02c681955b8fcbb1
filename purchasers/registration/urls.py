from django.urls import path

from ..checks import views as bulk_views
from . import views

urlpatterns = [
    path("", views.registration_index, name="registration-list"),
    path("new/", views.registration_create, name="registration-create"),
    path("bulk-submit/", bulk_views.registration_bulk_submit, name="registration-bulk-submit"),
    path("carry-over/", views.registration_carry_over, name="registration-carry-over"),
    path("<int:pk>/", views.registration_detail, name="registration-detail"),
    path("<int:pk>/edit/", views.registration_edit, name="registration-edit"),
    path("<int:pk>/submit/", views.registration_submit_view, name="registration-submit"),
]
