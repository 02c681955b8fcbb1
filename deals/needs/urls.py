from django.urls import path

from . import views

app_name = "needs"

urlpatterns = [
    path("", views.need_index, name="need-list"),
    path("new/", views.need_create, name="need-create"),
    path("<int:pk>/", views.need_detail, name="need-detail"),
]
