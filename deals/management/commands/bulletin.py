"""Bulletins and the report up from the command line, through the same services as the
pages: compose (and send) a delegation's bulletin, send the weekly ones that are due,
or produce the report up as an .xlsx."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from deals.bulletins import reports, services
from delegations.models import Delegation, User


class Command(BaseCommand):
    help = (
        "compose: a delegation's bulletin (--send to send it); due: send the weekly "
        "bulletins due today; report: produce the report up (--output to write the .xlsx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["compose", "due", "report"])
        parser.add_argument("--delegation", type=int, help="Delegation id.")
        parser.add_argument("--by", help="Username of the office member answering for it.")
        parser.add_argument("--note", default="", help="The office's text.")
        parser.add_argument("--send", action="store_true")
        parser.add_argument("--output", type=Path)

    def handle(self, *args, **options):
        if options["action"] == "due":
            sent = services.bulletins_send_due()
            self.stdout.write(f"{len(sent)} weekly bulletin(s) sent.")
            return
        delegation = Delegation.objects.filter(pk=options["delegation"] or 0).first()
        by = User.objects.filter(username=options["by"] or "", is_active=True).first()
        if delegation is None or by is None:
            raise CommandError("Give --delegation and --by (an active office member).")
        try:
            if options["action"] == "report":
                self._report(delegation, by, options["output"])
            else:
                self._compose(delegation, by, options["note"], options["send"])
        except PermissionDenied as error:
            raise CommandError(f"{by.username}: {error}") from error

    def _compose(self, delegation, by, note, send):
        bulletin = services.bulletin_compose(delegation=delegation, by=by, note=note)
        if send:
            bulletin = services.bulletin_send(bulletin=bulletin, by=by)
        self.stdout.write(f"Bulletin {bulletin.number} ({bulletin.status}) id {bulletin.pk}.")

    def _report(self, delegation, by, output):
        report = reports.report_up_create(delegation=delegation, by=by)
        if output:
            output.write_bytes(reports.report_xlsx(report))
        self.stdout.write(f"Report {report.pk} produced.")
