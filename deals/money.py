"""Money arithmetic: exact ``Decimal`` steps, one half-up rounding to the cent.

An office quotes a rate the way it reads it: "7.0 CNY per USD" (units of the currency per
dollar) or "0.15625 USD per CNY" (dollars per unit). The rate is kept as quoted and an amount
is converted from it in one step, so 70,000,000 CNY at 7.0 CNY per USD is 10,000,000.00 USD
exactly (not 9,999,999.80 from a stored 0.14285714).
"""

from decimal import ROUND_HALF_UP, Context, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Enough digits for any amount the schema holds (18 digits) divided by any rate.
_EXACT = Context(prec=60)


class RateQuote(models.TextChoices):
    PER_USD = "per_usd", _("units of the currency per US dollar")
    USD_PER_UNIT = "usd_per_unit", _("US dollars per unit of the currency")


def usd_from(amount, *, rate, quote: str) -> Decimal:
    """The USD amount of ``amount`` at a quoted rate, to the cent, half up, in one step."""
    amount, rate = Decimal(amount), Decimal(rate)
    if quote == RateQuote.PER_USD:
        exact = _EXACT.divide(amount, rate)
    else:
        exact = _EXACT.multiply(amount, rate)
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


def usd_per_unit(*, rate, quote: str) -> Decimal:
    """The rate as dollars per unit (8 decimals), for comparisons and display."""
    rate = Decimal(rate)
    value = _EXACT.divide(Decimal(1), rate) if quote == RateQuote.PER_USD else rate
    return value.quantize(Decimal("0.00000001"), rounding=ROUND_HALF_UP)


def units_per_usd(*, rate, quote: str) -> Decimal:
    """The rate as units of the currency per dollar (6 significant decimals)."""
    rate = Decimal(rate)
    value = rate if quote == RateQuote.PER_USD else _EXACT.divide(Decimal(1), rate)
    return value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP).normalize()


def plain(value) -> str:
    """A rate without trailing zeros: 7, 0.15625."""
    text = format(Decimal(value).normalize(), "f")
    return text


def quoted_text(rate, quote: str, currency: str) -> str:
    """ "7 CNY per USD" or "0.15625 USD per CNY": the rate as the office reads it."""
    if quote == RateQuote.PER_USD:
        return _("%(rate)s %(currency)s per USD") % {"rate": plain(rate), "currency": currency}
    return _("%(rate)s USD per %(currency)s") % {"rate": plain(rate), "currency": currency}
