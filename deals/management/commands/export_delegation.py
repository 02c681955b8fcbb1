"""Write a delegation's whole season (structure, registrations, attendees, deals, history)
to one workbook."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from deals.exports.season import delegation_season_export
from delegations.models import Delegation, User


class Command(BaseCommand):
    help = (
        "Export a delegation's season to one .xlsx: structure, registrations, attendees "
        "(ID and phone numbers masked unless --unmasked-reason is given), deals, history."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delegation", required=True, help="Delegation id or name.")
        parser.add_argument("--edition", type=int, required=True, help="Edition number.")
        parser.add_argument("--output", type=Path, help="File (default <name>-<edition>.xlsx)")
        parser.add_argument(
            "--unmasked-reason",
            default="",
            help="Write ID and phone numbers in full; the reason goes into the history.",
        )
        parser.add_argument("--by", help="Username answering for an unmasked export.")
        parser.add_argument("--language", choices=["zh-hans", "en"], default="zh-hans")

    def handle(self, *args, **options):
        delegations = Delegation.objects.filter(edition__number=options["edition"])
        key = options["delegation"]
        found = delegations.filter(pk=int(key)) if key.isdigit() else delegations.filter(name=key)
        delegation = found.first()
        if delegation is None:
            raise CommandError(f"No delegation {key} in edition {options['edition']}.")
        by = None
        if options["unmasked_reason"]:
            by = User.objects.filter(username=options["by"] or "", is_active=True).first()
            if by is None:
                raise CommandError("--unmasked-reason needs --by <an active username>.")
        output = options["output"] or Path(f"{delegation.name}-{options['edition']}.xlsx")
        rows = delegation_season_export(
            delegation=delegation,
            target=output,
            unmasked_reason=options["unmasked_reason"],
            by=by,
            language=options["language"],
        )
        self.stdout.write(f"{output}: {rows} rows")
