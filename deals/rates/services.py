"""Writes to exchange rates, and the conversion of an amount at a rate as quoted.

Money is ``Decimal`` from end to end: a USD amount is converted from the deal's rate as the
office quoted it (7.0 CNY per USD: divided; 0.15 USD per HKD: multiplied) in one exact step,
rounded once, half up, to the cent. A deal keeps the rate it was recorded with: changing the
office's rate later changes no recorded deal.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from delegations.audit.models import EventKind
from delegations.capabilities import check
from delegations.models import Delegation, User
from delegations.setup.services import record_setup_event

from ..money import RateQuote, plain, quoted_text, usd_from, usd_per_unit
from ..records.models import Deal
from .models import ExchangeRate


def to_usd(amount: Decimal, rate: Decimal, quote: str = RateQuote.USD_PER_UNIT) -> Decimal:
    """The USD amount to the cent, half up, from the rate as quoted, in one exact step."""
    return usd_from(amount, rate=rate, quote=quote)


@dataclass(frozen=True)
class Rate:
    """A rate as quoted: ``value`` units per dollar or dollars per unit, by ``quote``."""

    value: Decimal
    quote: str

    @property
    def usd_per_unit(self) -> Decimal:
        return usd_per_unit(rate=self.value, quote=self.quote)


DOLLAR = Rate(Decimal(1), RateQuote.USD_PER_UNIT)


def rate_for(*, delegation: Delegation, currency: str) -> Rate | None:
    """The office's current rate for a currency; the dollar is 1; ``None`` when unset."""
    if currency == Deal.Currency.USD:
        return DOLLAR
    rate = ExchangeRate.objects.filter(delegation=delegation, currency=currency).first()
    return Rate(rate.rate, rate.quote) if rate else None


class UnusualRate(ValidationError):
    """A rate far from the reference (last edition's, or the usual one): saved only when the
    office confirms it explicitly."""

    def __init__(self, message: str):
        super().__init__({"rate": [message]}, code="unusual_rate")
        self.message_text = message


def reference_rate(*, delegation: Delegation, currency: str) -> tuple[Decimal, str] | None:
    """What a new rate is compared with: the same region's rate at the previous edition,
    else the usual rate of the currency (``settings.USUAL_USD_PER_UNIT``)."""
    previous = delegation.edition.previous()
    if previous is not None and delegation.region_id:
        last = ExchangeRate.objects.filter(
            delegation__edition=previous, delegation__region=delegation.region_id, currency=currency
        ).first()
        if last is not None:
            return last.usd_rate, _("the rate of %(edition)s (%(rate)s)") % {
                "edition": previous,
                "rate": last.quoted,
            }
    usual = settings.USUAL_USD_PER_UNIT.get(currency)
    if usual:
        usual = Decimal(str(usual))
        return usual, _("the usual rate (about %(rate)s %(currency)s per USD)") % {
            "rate": f"{(1 / usual):.4g}",
            "currency": currency,
        }
    return None


def _far(value: Decimal, reference: Decimal) -> bool:
    ratio = value / reference
    tolerance = Decimal(str(settings.RATE_TOLERANCE))
    return not (1 / (1 + tolerance)) <= ratio <= 1 + tolerance


def rate_warning(*, delegation: Delegation, currency: str, rate: Rate) -> str | None:
    """Why a rate looks wrong (reversed, or far from the reference), or None."""
    reference = reference_rate(delegation=delegation, currency=currency)
    if reference is None:
        return None
    usd_per, (ref, described) = rate.usd_per_unit, reference
    if not _far(usd_per, ref):
        return None
    other = RateQuote.USD_PER_UNIT if rate.quote == RateQuote.PER_USD else RateQuote.PER_USD
    reversed_rate = Rate(rate.value, other)
    if not _far(reversed_rate.usd_per_unit, ref):
        return _(
            "%(entered)s looks like a rate in the other direction: %(reversed)s is "
            "%(usd)s USD per %(currency)s, close to %(reference)s. Choose the other "
            "direction, or confirm that %(entered)s is right."
        ) % {
            "entered": quoted_text(rate.value, rate.quote, currency),
            "reversed": quoted_text(rate.value, other, currency),
            "usd": plain(reversed_rate.usd_per_unit),
            "currency": currency,
            "reference": described,
        }
    return _(
        "%(entered)s (%(usd)s USD per %(currency)s) is far from %(reference)s: check it, or "
        "confirm that it is right."
    ) % {
        "entered": quoted_text(rate.value, rate.quote, currency),
        "usd": plain(usd_per),
        "currency": currency,
        "reference": described,
    }


def _valid_rate(*, currency: str, rate: Decimal | None, quote: str) -> Rate:
    if currency == Deal.Currency.USD:
        raise ValidationError({"currency": _("The US dollar needs no exchange rate.")})
    if quote not in RateQuote.values:
        raise ValidationError({"quote": _("Say which way the rate is quoted.")})
    if rate is None or Decimal(rate) <= 0:
        raise ValidationError({"rate": _("An exchange rate must be more than zero.")})
    return Rate(Decimal(rate), quote)


def rate_record(rate: ExchangeRate) -> dict:
    """A rate as its history keeps it: read as quoted in the reader's language
    (``selectors.rate_text``)."""
    return {"rate": plain(rate.rate), "quote": rate.quote, "currency": rate.currency}


@transaction.atomic
def _deals_keeping(delegation: Delegation, currency: str) -> int:
    """How many recorded deals keep the rate they were recorded at."""
    deals = Deal.objects.filter(registration__sub_delegation__delegation=delegation)
    return deals.filter(currency=currency).count()


def exchange_rate_set(
    *,
    delegation: Delegation,
    currency: str,
    by: User,
    rate: Decimal | None = None,
    quote: str = RateQuote.USD_PER_UNIT,
    usd_rate: Decimal | None = None,
    confirm: bool = False,
) -> ExchangeRate:
    """Set (or change) the rate for new deals of the delegation, as the office quotes it:
    ``rate`` units per dollar (``quote=per_usd``) or dollars per unit. ``usd_rate`` is the
    same as ``rate`` with ``quote=usd_per_unit``. A rate that looks reversed or far from the
    reference is refused (``UnusualRate``) unless ``confirm``; the confirmation is recorded
    in the set-up history. Deals already recorded keep their rate: the returned rate's
    ``deals_keeping`` says how many of them there are when the rate changed.
    """
    check(by, "rates.set", delegation)
    if usd_rate is not None and rate is None:
        rate, quote = usd_rate, RateQuote.USD_PER_UNIT
    quoted = _valid_rate(currency=currency, rate=rate, quote=quote)
    warning = rate_warning(delegation=delegation, currency=currency, rate=quoted)
    if warning and not confirm:
        raise UnusualRate(warning)
    existing = (
        ExchangeRate.objects.select_for_update(of=("self",))
        .filter(delegation=delegation, currency=currency)
        .order_by()
        .first()
    )
    before = rate_record(existing) if existing else None
    changed = existing is not None and existing.usd_rate != quoted.usd_per_unit
    exchange_rate, _created = ExchangeRate.objects.update_or_create(
        delegation=delegation,
        currency=currency,
        defaults={
            "rate": quoted.value,
            "quote": quote,
            "usd_rate": quoted.usd_per_unit,
            "confirmed_unusual": bool(warning),
            "set_by": by,
        },
    )
    exchange_rate.deals_keeping = _deals_keeping(delegation, currency) if changed else 0
    after = rate_record(exchange_rate)
    if before != after:
        record_setup_event(
            delegation=delegation,
            by=by,
            kind=EventKind.RATE_SET if existing is None else EventKind.RATE_CHANGED,
            subject=currency,
            changes={"rate": [before, after]},
            reason=(_("Confirmed although: %(warning)s") % {"warning": warning}) if warning else "",
        )
    return exchange_rate
