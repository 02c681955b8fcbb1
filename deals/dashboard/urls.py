from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("delegations/<int:pk>/", views.dashboard_delegation, name="dashboard-delegation"),
]
