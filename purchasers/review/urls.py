from django.urls import path

from . import bulk_views, views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk-approve/", bulk_views.bulk_approve, name="bulk-approve"),
    path("bulk-report/", bulk_views.bulk_report, name="bulk-report"),
    path("bulk-send-back/", bulk_views.bulk_send_back, name="bulk-send-back"),
    path("notices/", views.notices, name="notices"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/return/", views.return_, name="return"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/send-back/", views.send_back, name="send-back"),
    path("<int:pk>/resubmit/", views.resubmit, name="resubmit"),
    path(
        "progress/delegations/<int:pk>/",
        views.delegation_progress,
        name="delegation-progress",
    ),
    path(
        "progress/sub-delegations/<int:pk>/",
        views.sub_delegation_progress,
        name="sub-delegation-progress",
    ),
]
