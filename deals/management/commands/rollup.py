"""Recompute the deal roll-ups from the shell or cron (the nightly job does the same)."""

from django.core.management.base import BaseCommand, CommandError

from deals.rollups.services import rollup_recompute
from delegations.models import Edition


class Command(BaseCommand):
    help = "Recompute deal roll-ups (all editions, or --edition N) and report what changed."

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, help="Edition number; all when omitted.")

    def handle(self, *args, edition=None, verbosity=1, **options):
        edition_ids = None
        if edition is not None:
            found = Edition.objects.filter(number=edition).first()
            if found is None:
                raise CommandError(f"No edition number {edition}.")
            edition_ids = [found.pk]
        report = rollup_recompute(edition_ids=edition_ids)
        self.stdout.write(
            f"Roll-up done: {report.created} rows created, {report.updated} updated, "
            f"{report.deleted} deleted; {report.parts_corrected} purchaser parts corrected; "
            f"{report.marks_cleared} pending marks cleared."
        )
        if verbosity > 1:
            for difference in report.differences:
                self.stdout.write(str(difference))
