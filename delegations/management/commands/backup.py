from pathlib import Path

from django.core.management.base import BaseCommand

from ciie_delegations.backups import backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the media folder into one folder."

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, help="folder (default var/backups/<UTC time>)")

    def handle(self, *args, **options):
        folder = backup_create(folder=options["to"])
        self.stdout.write(str(folder))
