"""Intended deals, their history and the office's follow-up notes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delegations.audit.models import StatusEvent
from delegations.models import Delegation, Zone
from purchasers.models import Registration

from .. import countries
from ..directory.models import Exhibitor
from ..money import RateQuote, quoted_text
from .fields import DEAL_FIELDS


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
    # The purchaser's delegation, copied from its registration on every save (as the
    # registration's edition is from its sub-delegation): an office's list filters on this
    # column instead of going through the purchasers, and may read its delegations' deals
    # in the index below (its totals do). Indexed there, first.
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="deals",
        editable=False,
        db_index=False,
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
    rate = models.DecimalField(
        _("exchange rate as quoted"),
        max_digits=18,
        decimal_places=8,
        default=1,
        help_text=_("The office's rate as it quoted it, kept with the deal."),
    )
    rate_quote = models.CharField(
        _("rate quoted as"), max_length=20, choices=RateQuote, default=RateQuote.USD_PER_UNIT
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
        # Serve the list's order (newest first) and its keyset pages at any size: the whole
        # list (the national viewer), and a delegation's (its office, by edition or not).
        indexes = [
            models.Index(fields=["-signed_on", "-id"], name="deal_list_newest_first"),
            models.Index(
                fields=["delegation", "-signed_on", "-id"], name="deal_delegation_newest_first"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="deal_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_usd__gte=0), name="deal_usd_amount_not_negative"
            ),
            models.CheckConstraint(condition=Q(usd_rate__gt=0), name="deal_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.name} ← {self.exhibitor_name}: {self.amount_usd} USD"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "registration" in update_fields:
            self.delegation_id = self.registration.sub_delegation.delegation_id
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "delegation"}
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        deal = super().from_db(db, field_names, values)
        # An edit may move the deal to another purchaser: the roll-up refresh must take it
        # out of the one it was counted for.
        deal.loaded_registration_id = deal.__dict__.get("registration_id")
        return deal

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def quoted_rate(self) -> str:
        return quoted_text(self.rate, self.rate_quote, self.currency)


OPEN_STATUSES = [Deal.Status.INTENDED, Deal.Status.CONTRACTED, Deal.Status.EXECUTING]


class DealEvent(StatusEvent):
    """One change to a deal: who, when, before and after. Written by services only.

    ``version`` is the deal's version after the change, so a refused stale save can show
    exactly the changes made since the version the editor started from.
    """

    deal = models.ForeignKey(
        # History is never cascaded away: a deal with history cannot be deleted (cancel it).
        Deal,
        verbose_name=_("deal"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    change_order = DEAL_FIELDS.names
    version = models.PositiveIntegerField(_("version"))

    changes_of = (Deal,)
    value_formats = {"exhibitor_country": countries.display}
    status_choices = Deal.Status

    class Meta(StatusEvent.Meta):
        verbose_name = _("deal history entry")
        verbose_name_plural = _("deal history")

    def __str__(self) -> str:
        return f"{self.deal_id} {self.kind} v{self.version}"


class FollowUpNote(models.Model):
    """A dated note of the office's follow-up (跟踪落实) of a deal."""

    deal = models.ForeignKey(
        Deal, verbose_name=_("deal"), on_delete=models.PROTECT, related_name="notes"
    )
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-noted_on", "-pk"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self) -> str:
        return f"{self.noted_on}: {self.text[:40]}"
