"""Badge figures on pages that belong to others: the progress page, a registration."""

from django import template

from delegations.models import LeadAgency
from purchasers.badges import selectors
from purchasers.badges.models import BadgeStatus

register = template.Library()


@register.inclusion_tag("purchasers/badges/_completeness.html")
def badge_completeness(agencies):
    """Badge completeness per lead agency (and the total) for the agencies of a progress page."""
    agencies = list(agencies)
    figures = selectors.completeness(LeadAgency.objects.filter(pk__in=[a.pk for a in agencies]))
    rows = [(agency, figures.get(agency.pk)) for agency in agencies]
    totals = {
        key: sum(f[key] for _a, f in rows if f) for key in ("people", "applied", "issued", "stuck")
    }
    totals["not_applied"] = totals["people"] - totals["applied"]
    return {"rows": rows, "totals": totals}


@register.inclusion_tag("purchasers/badges/_registration_badges.html", takes_context=True)
def registration_badges(context, registration):
    """Each attendee's badge, with the tracking number, on the registration's page."""
    people = list(registration.attendees.select_related("badge").order_by("pk"))
    for person in people:
        person.badge_now = selectors.badge_of(person)
    return {"people": people, "labels": dict(BadgeStatus.choices)}
