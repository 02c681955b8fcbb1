from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delegations.models import Edition, Zone
from purchasers.models import Registration


class Exhibitor(models.Model):
    """A foreign exhibitor at an edition: the seller in an intended deal."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="exhibitors"
    )
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    country = models.CharField(_("country or region"), max_length=100)
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT)
    products = models.TextField(_("products"), blank=True)
    booth = models.CharField(_("booth"), max_length=50, blank=True)

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


class Deal(models.Model):
    """An intended deal (意向成交): reported in USD on a one-year basis.

    After the expo the office follows it up (跟踪落实): intended → contracted → being
    executed → completed, or cancelled with a reason.
    """

    class Status(models.TextChoices):
        INTENDED = "intended", _("intended")
        CONTRACTED = "contracted", _("contracted")
        EXECUTING = "executing", _("being executed")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    class Currency(models.TextChoices):
        USD = "USD", _("US dollar")
        CNY = "CNY", _("renminbi")
        EUR = "EUR", _("euro")
        JPY = "JPY", _("Japanese yen")
        GBP = "GBP", _("pound sterling")
        HKD = "HKD", _("Hong Kong dollar")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("purchaser"),
        on_delete=models.PROTECT,
        related_name="deals",
    )
    exhibitor = models.ForeignKey(
        Exhibitor,
        verbose_name=_("exhibitor"),
        on_delete=models.PROTECT,
        related_name="deals",
        null=True,
        blank=True,
    )
    exhibitor_name = models.CharField(_("exhibitor name"), max_length=300)
    exhibitor_country = models.CharField(_("exhibitor country or region"), max_length=100)
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT)
    product = models.CharField(_("product or service"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency, default=Currency.USD)
    usd_rate = models.DecimalField(
        _("exchange rate to USD"),
        max_digits=16,
        decimal_places=8,
        default=1,
        help_text=_("USD per one unit of the currency, as recorded with the deal."),
    )
    amount_usd = models.DecimalField(
        _("amount in USD (one-year basis)"), max_digits=18, decimal_places=2
    )
    signed_on = models.DateField(_("date"))
    at_signing_ceremony = models.BooleanField(_("signed at a signing ceremony"), default=False)
    ceremony = models.CharField(_("signing ceremony"), max_length=200, blank=True)
    status = models.CharField(
        _("follow-up status"), max_length=20, choices=Status, default=Status.INTENDED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every save, to refuse lost updates.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("intended deal")
        verbose_name_plural = _("intended deals")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="deal_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_usd__gte=0), name="deal_usd_amount_not_negative"
            ),
            models.CheckConstraint(condition=Q(usd_rate__gt=0), name="deal_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.purchaser} ← {self.exhibitor_name}: {self.amount_usd} USD"


# Roll-up rows, their refresh bookkeeping and background exports (issue 6).
from .rollup_models import ExportJob, RollupDirty, RollupRow, RollupRun  # noqa: E402, F401
