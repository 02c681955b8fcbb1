"""Emails about registrations: one small function per message, text and HTML templates."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from delegations.emails import send_email

from ..models import Notice


def recipient_language(user) -> str:
    """The registrant's language where the product knows it, else Chinese first."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def notice_link(notice: Notice) -> str:
    """The registration's review page; a firm that registered itself has no account, only
    its private status link, which is not kept: its email points it to the one it got."""
    if notice.registration.invitation_id and (
        notice.recipient_id == notice.registration.registered_by_id
    ):
        return ""
    return settings.SITE_URL.rstrip("/") + reverse(
        "review:detail", kwargs={"pk": notice.registration_id}
    )


def send_notice_email(*, notice_id: int) -> bool:
    """Send the email for a notice once; returns whether this call sent it.

    The row is locked while sending so that a task delivered twice (acks late, a retry)
    cannot email twice.
    """
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .select_related("recipient", "registration__purchaser", "actor")
            .filter(pk=notice_id, emailed_at__isnull=True)
            .first()
        )
        if notice is None or not notice.recipient.email:
            return False
        send_email(
            templates="emails/review/notice",
            context=lambda: {
                "notice": notice,
                "registration": notice.registration,
                "link": notice_link(notice),
                "site_url": settings.SITE_URL,
            },
            to=notice.recipient.email,
            language=recipient_language(notice.recipient),
        )
        notice.emailed_at = timezone.now()
        notice.save(update_fields=["emailed_at"])
    return True
