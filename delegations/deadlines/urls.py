from django.urls import path

from . import views

app_name = "deadlines"

urlpatterns = [
    path("", views.deadline_index, name="list"),
    path("<int:pk>/", views.deadline_detail, name="detail"),
    path("<int:pk>/save/", views.deadline_save, name="save"),
    path("<int:pk>/remove/<int:deadline_pk>/", views.deadline_remove, name="remove"),
    path("<int:pk>/rules/", views.reminder_rule_save, name="reminder-rule-save"),
    path("<int:pk>/run/", views.reminders_run, name="reminders-run"),
    path("<int:pk>/history/", views.reminder_history, name="reminder-history"),
]
