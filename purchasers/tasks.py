"""Celery tasks of the purchasers app: ids in, one call, retries declared here."""

from celery import shared_task

from .emails import send_notice_email


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notice_email_task(*, notice_id: int) -> bool:
    """Email a review notice to its recipient; a retry after success sends nothing."""
    return send_notice_email(notice_id=notice_id)
