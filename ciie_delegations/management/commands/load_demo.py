from django.core.management.base import BaseCommand

from ciie_delegations.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    # In the project package: the demo spans every app, and apps import one way.
    help = "Load the demo delegations, purchasers and one login per role (idempotent)."

    def handle(self, *args, **options):
        users = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Logins (password {DEMO_PASSWORD}):")
        )
        for username, user in users.items():
            role = user.get_role_display() if user.role else "superuser"
            unit = f" · {user.unit}" if user.unit_id else ""
            self.stdout.write(f"  {username:<12} {role}{unit}")
