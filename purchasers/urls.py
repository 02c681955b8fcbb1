from django.urls import path

from . import views

urlpatterns = [
    path("", views.registration_index, name="registration-list"),
    path("new/", views.registration_create, name="registration-create"),
    path("carry-over/", views.registration_carry_over, name="registration-carry-over"),
    path("<int:pk>/", views.registration_detail, name="registration-detail"),
    path("<int:pk>/edit/", views.registration_edit, name="registration-edit"),
    path("<int:pk>/submit/", views.registration_submit_view, name="registration-submit"),
]
