"""The itinerary email: sent when the office publishes the plans, and again on a change."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from delegations.emails import send_email

from .models import AttendeePlan, Publication
from .selectors import itinerary_of, itinerary_text, with_parts


def send_itinerary(*, plan_id: int) -> bool:
    """Send the person's itinerary unless it was already sent as it stands; True if sent."""
    with transaction.atomic():
        plan = (
            with_parts(AttendeePlan.objects.select_for_update(of=("self",)))
            .select_related("attendee__registration", "delegation__edition")
            .filter(pk=plan_id)
            .first()
        )
        if plan is None or not plan.attendee.email:
            return False
        if not Publication.objects.filter(delegation=plan.delegation_id).exists():
            return False
        digest = hashlib.sha256(itinerary_text(plan).encode()).hexdigest()
        if digest == plan.sent_digest:
            return False
        changed = bool(plan.sent_digest)
        send_email(
            templates="emails/logistics/itinerary",
            context=lambda: {
                **itinerary_of(plan),
                "changed": changed,
                "link": settings.SITE_URL.rstrip("/")
                + reverse("logistics:itinerary", kwargs={"attendee": plan.attendee_id}),
            },
            to=plan.attendee.email,
        )
        plan.sent_digest, plan.sent_at = digest, timezone.now()
        plan.save(update_fields=["sent_digest", "sent_at"])
    return True
