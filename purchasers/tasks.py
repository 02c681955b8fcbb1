"""Celery tasks of the purchasers app: ids in, one call, retries declared here."""

from celery import shared_task

from .invitations.tasks import send_invitation_email_task  # noqa: F401 (a task of this app, found here by Celery)
from .registration.retention import personal_data_mask_due
from .review import services as review_services
from .review.emails import send_notice_email


# No result kept: sending it then needs no result-backend subscription, which a broker
# outage would break for the life of the web process.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5, ignore_result=True)
def send_notice_email_task(*, notice_id: int) -> bool:
    """Email a review notice to its recipient; a retry after success sends nothing."""
    return send_notice_email(notice_id=notice_id)


@shared_task(ignore_result=True)
def sweep_notice_emails_task() -> int:
    """Beat: queue again the notice emails the broker could not take."""

    return review_services.notice_emails_sweep()


@shared_task(ignore_result=True)
def mask_personal_data_task() -> int:
    """Beat, daily: personal data past its retention period is masked. Idempotent."""

    return personal_data_mask_due()


# The invitations package's tasks, found by workers through this module.
