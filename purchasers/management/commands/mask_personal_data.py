from django.core.management.base import BaseCommand

from purchasers.registration.retention import personal_data_mask_due, retention_cutoff


class Command(BaseCommand):
    help = (
        "Replace attendees' ID and phone numbers by their masked form, for the editions "
        "that closed more than PERSONAL_DATA_RETENTION_MONTHS ago (beat runs it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, *args, **options):
        count = personal_data_mask_due(dry_run=options["dry_run"])
        verb = "would mask" if options["dry_run"] else "masked"
        self.stdout.write(
            f"{verb} {count} attendees of editions closed before {retention_cutoff()}"
        )
