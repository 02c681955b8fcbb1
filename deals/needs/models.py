"""Procurement needs of approved purchasers and the matchmaking meetings arranged for them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delegations.models import Zone
from purchasers.models import Registration

from ..directory.models import Exhibitor
from ..records.models import Deal


class ProcurementNeed(models.Model):
    """What an approved purchaser wants to buy (采购需求), published to be matched."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("purchaser"),
        on_delete=models.CASCADE,
        related_name="needs",
    )
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT)
    product = models.CharField(
        _("product or service"),
        max_length=300,
        help_text=_("Key words, separated by spaces or commas: they are matched with exhibitors."),
    )
    quantity = models.CharField(_("quantity"), max_length=100, blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("budget currency"), max_length=3, choices=Deal.Currency, default=Deal.Currency.CNY
    )
    timing = models.CharField(_("timing"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("procurement need")
        verbose_name_plural = _("procurement needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0) | Q(budget__isnull=True), name="need_budget_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration.name}: {self.product}"


class Meeting(models.Model):
    """A matchmaking meeting (供需对接) between a purchaser with a need and an exhibitor."""

    class Status(models.TextChoices):
        ARRANGED = "arranged", _("arranged")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    need = models.ForeignKey(
        ProcurementNeed, verbose_name=_("need"), on_delete=models.CASCADE, related_name="meetings"
    )
    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.PROTECT, related_name="meetings"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ARRANGED)
    meets_on = models.DateField(_("date"))
    participants = models.CharField(_("who met whom"), max_length=300, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["meets_on", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.exhibitor} ({self.meets_on})"
