"""Celery tasks of the delegations app: thin wrappers around the services."""

from celery import shared_task

from .accounts.emails import send_password_email
from .deadlines.reminders import reminders_send_due
from .sheets import uploads_clean_up

SEND_REMINDERS = "delegations.send_reminders"


@shared_task(name=SEND_REMINDERS)
def send_reminders_task() -> str:
    """Daily (beat) and on demand. Idempotent: the ledger makes a second run send nothing."""
    return str(reminders_send_due())


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_email_task(*, user_id: int, kind: str) -> bool:
    """The invitation or reset email with a set-password link."""

    return send_password_email(user_id=user_id, kind=kind)


@shared_task
def clean_up_sheet_uploads_task() -> int:
    """Hourly (beat): uploaded sheets nobody confirmed within a day are deleted."""

    return uploads_clean_up()
