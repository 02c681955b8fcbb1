from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ciie_delegations.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup (from `manage.py backup`) into DATABASE_URL, a new empty "
        "database, and MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, **options):
        try:
            manifest = backup_restore(folder=options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        deals = manifest["counts"].get("deals_deal", 0)
        self.stdout.write(
            f"restored the backup of {manifest['created_at']}: {deals} deals, "
            f"{manifest['deals_amount_usd']} USD"
        )
