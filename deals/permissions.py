"""Scopes for deals: a deal is seen by whoever sees its purchaser's registration."""

from django.db.models import QuerySet

from purchasers.permissions import registrations_visible_to

from .models import Deal


def deals_visible_to(user) -> QuerySet[Deal]:
    return Deal.objects.select_related(
        "registration__purchaser", "registration__sub_delegation", "zone", "exhibitor"
    ).filter(registration__in=registrations_visible_to(user))
