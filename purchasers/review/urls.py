from django.urls import path

from ..checks import views as bulk_views
from . import views

urlpatterns = [
    path("", views.queue, name="review-queue"),
    path("bulk-approve/", bulk_views.bulk_approve, name="review-bulk-approve"),
    path("bulk-report/", bulk_views.bulk_report, name="review-bulk-report"),
    path("bulk-send-back/", bulk_views.bulk_send_back, name="review-bulk-send-back"),
    path("checks/", bulk_views.check_list, name="review-checks"),
    path("checks/bulk/", bulk_views.check_bulk, name="review-checks-bulk"),
    path("checks/import/", bulk_views.check_import_upload, name="review-check-import"),
    path(
        "checks/import/<str:token>/",
        bulk_views.check_import_preview,
        name="review-check-import-preview",
    ),
    path("notices/", views.notices, name="review-notices"),
    path("<int:pk>/", views.detail, name="review-detail"),
    path("<int:pk>/approve/", views.approve, name="review-approve"),
    path("<int:pk>/reject/", views.reject, name="review-reject"),
    path("<int:pk>/return/", views.return_, name="review-return"),
    path("<int:pk>/report/", views.report, name="review-report"),
    path("<int:pk>/send-back/", views.send_back, name="review-send-back"),
    path("<int:pk>/resubmit/", views.resubmit, name="review-resubmit"),
    path("<int:pk>/credit-check/", views.credit_check, name="review-credit-check"),
    path(
        "<int:pk>/attendees/<int:attendee_pk>/background-check/",
        views.background_check,
        name="review-background-check",
    ),
    path(
        "progress/delegations/<int:pk>/",
        views.delegation_progress,
        name="review-delegation-progress",
    ),
    path(
        "progress/sub-delegations/<int:pk>/",
        views.sub_delegation_progress,
        name="review-sub-delegation-progress",
    ),
]
