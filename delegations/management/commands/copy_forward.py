from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from delegations.models import Delegation, Edition, User
from delegations.permissions import setup_delegations_of
from delegations.setup.services import delegation_copy_forward


class Command(BaseCommand):
    help = (
        "Start an edition from a delegation's last one: sub-delegations (with their lineage), "
        "lead agencies, targets, focus, member units and liaisons, as a draft. The same as "
        "the set-up page's copy forward; the user must run the delegation's office."
    )

    def add_arguments(self, parser):
        parser.add_argument("delegation", type=int, help="id of the delegation to copy from")
        parser.add_argument("edition", type=int, help="number of the edition to copy into")
        parser.add_argument("--user", required=True, help="an organiser of the delegation")

    def handle(self, *args, delegation, edition, user, **options):
        try:
            by = User.objects.get(username=user)
            source = setup_delegations_of(by).get(pk=delegation)
            target_edition = Edition.objects.get(number=edition)
            copy = delegation_copy_forward(by=by, source=source, edition=target_edition)
        except (User.DoesNotExist, Delegation.DoesNotExist, Edition.DoesNotExist) as error:
            raise CommandError(
                "No such user or edition, or not a delegation this user's office runs."
            ) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{copy} (id {copy.pk}): {copy.sub_delegations.count()} sub-delegations, "
                "registration not open yet"
            )
        )
