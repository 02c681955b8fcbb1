"""Write a totals report (.xlsx workbook, or the deal list as CSV) for a user's scope."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from deals.exports.sheets import deal_columns, deal_rows, deals_in_scope, totals_sheets
from deals.exports.writers import csv_lines, write_xlsx
from delegations.capabilities import can
from delegations.models import Delegation, Edition, User
from delegations.permissions import delegations_visible_to


class Command(BaseCommand):
    help = "Export the totals report of an edition as the given user would see it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as",
            "--user",
            dest="as_user",
            required=True,
            help="The user the command acts as: their scope and their right to export apply.",
        )
        parser.add_argument("--edition", type=int, required=True, help="Edition number.")
        parser.add_argument("--delegation", type=int, help="Delegation id (optional).")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--language", choices=["zh-hans", "en"], default="zh-hans")
        parser.add_argument("--output", required=True, help="File to write.")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["as_user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['as_user']}.")
        if not can(user, "totals.export"):
            raise CommandError(f"{user.username} may not export totals.")
        edition = Edition.objects.filter(number=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition number {options['edition']}.")
        delegation = None
        if options["delegation"]:
            try:
                delegation = delegations_visible_to(user).get(
                    pk=options["delegation"], edition=edition
                )
            except Delegation.DoesNotExist:
                raise CommandError("No such delegation in this user's scope.") from None
        with translation.override(options["language"]):
            if options["format"] == "csv":
                deals = deals_in_scope(user=user, edition=edition, delegation=delegation)
                with open(options["output"], "w", encoding="utf-8", newline="") as out:
                    rows = 0
                    for rows, line in enumerate(csv_lines(deal_columns(), deal_rows(deals))):  # noqa: B007
                        out.write(line)
            else:
                rows = write_xlsx(
                    options["output"],
                    totals_sheets(user=user, edition=edition, delegation=delegation),
                )
        self.stdout.write(f"Wrote {rows} rows to {options['output']}.")
