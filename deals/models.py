from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation, Edition, Zone
from purchasers.models import Registration

from .money import RateQuote, plain, units_per_usd, usd_per_unit


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
        # Serves the list's order (newest first) and its keyset pages at any size.
        indexes = [models.Index(fields=["-signed_on", "-id"], name="deal_list_newest_first")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="deal_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_usd__gte=0), name="deal_usd_amount_not_negative"
            ),
            models.CheckConstraint(condition=Q(usd_rate__gt=0), name="deal_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.name} ← {self.exhibitor_name}: {self.amount_usd} USD"

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


def quoted_text(rate, quote: str, currency: str) -> str:
    """ "7 CNY per USD" or "0.15625 USD per CNY": the rate as the office reads it."""
    if quote == RateQuote.PER_USD:
        return _("%(rate)s %(currency)s per USD") % {"rate": plain(rate), "currency": currency}
    return _("%(rate)s USD per %(currency)s") % {"rate": plain(rate), "currency": currency}


OPEN_STATUSES = [Deal.Status.INTENDED, Deal.Status.CONTRACTED, Deal.Status.EXECUTING]


class ExchangeRate(models.Model):
    """The rate a delegation's office sets for one currency at one edition.

    A delegation belongs to one edition, so the rate is per delegation, edition and
    currency: each office answers for the figures it reports, and offices of other
    delegations cannot change it. A deal copies the rate when it is recorded and keeps it.
    """

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="exchange_rates",
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Deal.Currency)
    usd_rate = models.DecimalField(
        _("exchange rate to USD"),
        max_digits=16,
        decimal_places=8,
        help_text=_("USD per one unit of the currency, derived from the quoted rate."),
    )
    rate = models.DecimalField(
        _("exchange rate as quoted"),
        max_digits=18,
        decimal_places=8,
        help_text=_("As the office quotes it: 7.0 (CNY per USD) or 0.15625 (USD per CNY)."),
    )
    quote = models.CharField(
        _("quoted as"), max_length=20, choices=RateQuote, default=RateQuote.USD_PER_UNIT
    )
    confirmed_unusual = models.BooleanField(
        _("unusual rate confirmed"),
        default=False,
        help_text=_("The office confirmed a rate far from the previous edition's or reversed."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["delegation", "currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "currency"], name="one_rate_per_delegation_currency"
            ),
            models.CheckConstraint(condition=Q(usd_rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_quote_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.quoted}"

    @property
    def per_usd(self) -> Decimal:
        return units_per_usd(rate=self.rate, quote=self.quote)

    @property
    def usd_per(self) -> Decimal:
        return usd_per_unit(rate=self.rate, quote=self.quote)

    @property
    def quoted(self) -> str:
        return quoted_text(self.rate, self.quote, self.currency)


class DealEvent(models.Model):
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
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=30)
    version = models.PositiveIntegerField(_("version"))
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("deal history entry")
        verbose_name_plural = _("deal history")

    def __str__(self) -> str:
        return f"{self.deal_id} {self.action} v{self.version}"


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


# Roll-up rows, their refresh bookkeeping and background exports.
from .rollups.models import (  # noqa: E402, F401
    ExportJob,
    RollupDirty,
    RollupDirtyRegistration,
    RollupPart,
    RollupRow,
    RollupRun,
)


class ExhibitorEvent(models.Model):
    """The directory's history: who added, corrected or proposed what. Written by services."""

    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=30)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("exhibitor history entry")
        verbose_name_plural = _("exhibitor history")

    def __str__(self) -> str:
        return f"{self.exhibitor_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


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


# What the leading group reads: bulletins, reports up, member units' reports (issue 19).
from .bulletins.models import (  # noqa: E402, F401
    Bulletin,
    BulletinDelivery,
    BulletinSchedule,
    ProgressReport,
    UnitReport,
    UnitReportEntry,
)
