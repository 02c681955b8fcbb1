from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..registration.models import Registration


class Notice(models.Model):
    """An on-site notice to a user about one of their registrations (returned, approved...).

    The text is rendered when shown, in the reader's language; the email that goes with it
    is sent once, after the change commits, and ``emailed_at`` says when.
    """

    class Kind(models.TextChoices):
        RETURNED = "returned", _("returned for correction")
        REJECTED = "rejected", _("rejected")
        LEAD_APPROVED = "lead_approved", _("approved by lead agency")
        REPORTED = "reported", _("reported by office")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.registration_id}"
