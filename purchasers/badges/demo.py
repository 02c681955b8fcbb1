"""Demo badges: the Qinghai office has had its first status file back (idempotent)."""

from django.utils import timezone

from ..models import Attendee, Registration
from .models import Badge, BadgeStatus

CYCLE = [BadgeStatus.READY, BadgeStatus.POSTED, BadgeStatus.IN_REVIEW, BadgeStatus.HANDED_OVER]


def load_badges(delegation) -> None:
    people = Attendee.objects.filter(
        registration__sub_delegation__delegation=delegation,
        registration__status=Registration.Status.REPORTED,
    ).order_by("pk")
    for i, person in enumerate(people):
        status = CYCLE[i % len(CYCLE)]
        Badge.objects.update_or_create(
            attendee=person,
            defaults={
                "status": status,
                "status_since": timezone.now(),
                "tracking_number": f"SF14{person.pk:08d}" if status == BadgeStatus.POSTED else "",
                "pickup_place": "国家会展中心（上海）南广场" if status == BadgeStatus.READY else "",
            },
        )
