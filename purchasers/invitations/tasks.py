"""Invitation emails to contacts: ids in, one call, retried while the mail server is away."""

from celery import shared_task

from .emails import send_invitation_email


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5, ignore_result=True)
def send_invitation_email_task(*, invitation_id: int, address: str, language: str = "") -> bool:
    return send_invitation_email(invitation_id=invitation_id, address=address, language=language)
