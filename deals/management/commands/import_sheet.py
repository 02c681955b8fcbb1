from django.core.management.base import BaseCommand, CommandError

from deals.imports import services as imports
from delegations.models import Edition, User


class Command(BaseCommand):
    help = (
        "Import exhibitors or intended deals from an .xlsx file filled in from the template, "
        "as the page does: all rows or none, checked in the given user's scope."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["exhibitors", "deals"])
        parser.add_argument("path")
        parser.add_argument("--edition", type=int, required=True, help="edition number")
        parser.add_argument("--user", required=True, help="username the rows are recorded by")
        parser.add_argument(
            "--confirm-duplicates",
            action="store_true",
            help="import deals that look already recorded",
        )
        parser.add_argument("--dry-run", action="store_true", help="preview only")

    def handle(self, *args, kind, path, edition, user, confirm_duplicates, dry_run, **options):
        try:
            edition_obj = Edition.objects.get(number=edition)
            by = User.objects.get(username=user)
        except (Edition.DoesNotExist, User.DoesNotExist) as error:
            raise CommandError(str(error)) from error
        with open(path, "rb") as sheet:
            try:
                rows = imports.sheet_rows(sheet, kind)
            except imports.ImportFailed as error:
                raise CommandError(str(error)) from error
        if kind == "exhibitors":
            preview = imports.preview_exhibitors(edition=edition_obj, rows=rows)
        else:
            preview, _data = imports.preview_deals(by=by, edition=edition_obj, rows=rows)
        for row in preview.rows:
            for message in row.errors:
                self.stderr.write(f"row {row.line}: {message}")
            for message in row.warnings:
                self.stdout.write(f"row {row.line}: {message}")
        if dry_run:
            return
        try:
            if kind == "exhibitors":
                done = imports.import_exhibitors(by=by, edition=edition_obj, rows=rows)
            else:
                done = imports.import_deals(
                    by=by, edition=edition_obj, rows=rows, confirm_duplicates=confirm_duplicates
                )
        except imports.ImportFailed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{len(done)} rows imported."))
