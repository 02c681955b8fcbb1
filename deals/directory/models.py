"""The exhibitor directory of an edition, its history and the corrections proposed to it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delegations.audit.models import AuditEvent
from delegations.models import Delegation, Edition, Zone

from .. import countries


class Exhibitor(models.Model):
    """A foreign exhibitor at an edition: the seller in an intended deal.

    The directory is the edition's, owned by the national administrator (the bureau's list);
    an office adds exhibitors for its own deals (``delegation``) and corrects only those it
    added that no other delegation's deals use; any other correction is a proposal.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="exhibitors"
    )
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    country = models.CharField(_("country or region"), max_length=100)
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT)
    products = models.TextField(_("products"), blank=True)
    booth = models.CharField(_("booth"), max_length=50, blank=True)
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("added by delegation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty for the bureau's list."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name", "country"], name="exhibitor_unique_in_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class ExhibitorEvent(AuditEvent):
    """The directory's history: who added, corrected or proposed what. Written by services."""

    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.PROTECT, related_name="events"
    )

    changes_of = (Exhibitor,)
    value_formats = {"country": countries.display}

    class Meta(AuditEvent.Meta):
        verbose_name = _("exhibitor history entry")
        verbose_name_plural = _("exhibitor history")

    def __str__(self) -> str:
        return f"{self.exhibitor_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class ExhibitorProposal(models.Model):
    """A correction of an exhibitor that other delegations' deals would see: it waits for
    the national administrator, who accepts (and it is applied) or rejects it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the national administrator")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.PROTECT, related_name="proposals"
    )
    changes = models.JSONField(_("changes"), help_text=_("Field: [now, proposed]."))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("exhibitor correction proposal")
        verbose_name_plural = _("exhibitor correction proposals")

    def __str__(self) -> str:
        return f"{self.exhibitor} {self.get_status_display()}"
