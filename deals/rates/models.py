"""The exchange rates each delegation's office sets for new deals."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation

from ..money import RateQuote, quoted_text, units_per_usd, usd_per_unit
from ..records.models import Deal


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
