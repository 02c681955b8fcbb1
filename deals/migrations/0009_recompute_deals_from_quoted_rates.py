"""Rates as the offices quoted them; deals recomputed from them in one exact step.

Until now a rate was kept as USD per unit to 8 decimals (0.14285714 for "7 CNY per USD")
and multiplied, so 70,000,000 CNY came out as 9,999,999.80 USD. A stored rate whose inverse
is a plain quote of at most 4 decimals (7, 6.4, 7.1884) is taken as quoted per dollar; any
other stays as USD per unit. Every deal's USD amount is then recomputed from its own rate
(a deal keeps the rate it was recorded with) and each changed amount is listed here and in
the deal's history; the roll-ups of the editions concerned are marked for a refresh.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations

from deals.money import RateQuote, usd_from

FOUR_PLACES = Decimal("0.0001")
EIGHT_PLACES = Decimal("0.00000001")


def as_quoted(usd_rate: Decimal) -> tuple[Decimal, str]:
    """The quote a stored USD-per-unit rate was made from."""
    usd_rate = Decimal(usd_rate)
    if 0 < usd_rate < 1:
        per_usd = (1 / usd_rate).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
        if (1 / per_usd).quantize(EIGHT_PLACES, rounding=ROUND_HALF_UP) == usd_rate:
            return per_usd.normalize(), RateQuote.PER_USD
    return usd_rate, RateQuote.USD_PER_UNIT


def recompute(apps, schema_editor, *, out=print) -> list[dict]:
    ExchangeRate = apps.get_model("deals", "ExchangeRate")
    Deal = apps.get_model("deals", "Deal")
    DealEvent = apps.get_model("deals", "DealEvent")
    RollupDirty = apps.get_model("deals", "RollupDirty")
    # "action" then, "kind" since the one audit trail (0015): its test runs it on today's models.
    kind = "kind" if any(f.name == "kind" for f in DealEvent._meta.fields) else "action"
    for rate in ExchangeRate.objects.all():
        rate.rate, rate.quote = as_quoted(rate.usd_rate)
        rate.save(update_fields=["rate", "quote"])
    changed = []
    editions = set()
    deals = Deal.objects.select_related("registration").order_by("pk")
    for deal in deals.iterator(chunk_size=2000):
        deal.rate, deal.rate_quote = as_quoted(deal.usd_rate)
        new = usd_from(deal.amount, rate=deal.rate, quote=deal.rate_quote)
        fields = ["rate", "rate_quote"]
        if new != deal.amount_usd:
            entry = {
                "deal": deal.pk,
                "amount": f"{deal.amount:,} {deal.currency}",
                "rate": f"{deal.rate} {deal.rate_quote}",
                "before": deal.amount_usd,
                "after": new,
            }
            if not changed:
                out("")  # the listing starts on its own line after "Applying ..."
            changed.append(entry)
            out(
                f"  deal #{deal.pk}: {entry['amount']} at {entry['rate']}: "
                f"{deal.amount_usd:,} -> {new:,} USD"
            )
            DealEvent.objects.create(
                deal=deal,
                actor_id=deal.recorded_by_id,
                **{kind: "recomputed"},
                version=deal.version,
                reason="USD amount recomputed from the rate as quoted (one rounding)",
                changes={"amount_usd": [str(deal.amount_usd), str(new)]},
            )
            deal.amount_usd = new
            fields.append("amount_usd")
            editions.add(deal.registration.edition_id)
        deal.save(update_fields=fields)
    for edition_id in editions:
        RollupDirty.objects.get_or_create(edition_id=edition_id)
    if changed:
        out(f"  {len(changed)} deal amounts changed; their editions' roll-ups will refresh.")
    return changed


class Migration(migrations.Migration):
    dependencies = [("deals", "0008_rates_as_quoted")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
