from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from deals.money import RateQuote
from deals.rates.services import exchange_rate_set
from delegations.models import Delegation, User
from delegations.permissions import delegations_managed_by


class Command(BaseCommand):
    help = (
        "Set a delegation's exchange rate for new deals, as quoted: USD per one unit of the "
        "currency, or with --per-usd units of the currency per USD (7.1 CNY per USD)."
    )

    def add_arguments(self, parser):
        parser.add_argument("delegation", type=int, help="delegation id")
        parser.add_argument("currency")
        parser.add_argument("usd_rate", metavar="rate")
        parser.add_argument("--user", required=True, help="an organiser of the delegation")
        parser.add_argument(
            "--per-usd", action="store_true", help="the rate is units of the currency per USD"
        )
        parser.add_argument(
            "--confirm", action="store_true", help="save a rate that looks unusual anyway"
        )

    def handle(self, *args, delegation, currency, usd_rate, user, **options):
        try:
            by = User.objects.get(username=user)
            target = delegations_managed_by(by).get(pk=delegation)
            rate = exchange_rate_set(
                delegation=target,
                currency=currency.upper(),
                rate=Decimal(usd_rate),
                quote=RateQuote.PER_USD if options["per_usd"] else RateQuote.USD_PER_UNIT,
                confirm=options["confirm"],
                by=by,
            )
        except (User.DoesNotExist, Delegation.DoesNotExist) as error:
            raise CommandError(
                "No such user, or not a delegation this user's office runs."
            ) from error
        except (InvalidOperation, ValidationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(rate)))
