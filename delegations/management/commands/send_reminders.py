import datetime

from django.core.management.base import BaseCommand, CommandError

from delegations.deadlines.reminders import reminders_send_due
from delegations.models import Delegation


class Command(BaseCommand):
    help = "Send the deadline reminders and overdue notices due today (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--delegation", type=int, help="Only this delegation (id).")

    def handle(self, *args, date=None, delegation=None, **options):
        today = datetime.date.fromisoformat(date) if date else None
        scope = None
        if delegation is not None:
            scope = Delegation.objects.filter(pk=delegation).first()
            if scope is None:
                raise CommandError(f"No delegation {delegation}.")
        result = reminders_send_due(today=today, delegation=scope)
        for subject in result.emails:
            self.stdout.write(f"sent: {subject}")
        self.stdout.write(str(result))
