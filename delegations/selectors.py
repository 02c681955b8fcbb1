"""Reads of the delegation structure, each scoped by ``delegations.permissions``."""

from django.db.models import Prefetch, QuerySet

from .models import Delegation, LeadAgency, MemberUnit, SubDelegation
from .permissions import delegations_visible_to, sub_delegations_visible_to


def _agencies_prefetch() -> Prefetch:
    return Prefetch(
        "lead_agencies",
        queryset=LeadAgency.objects.prefetch_related(
            Prefetch("units", queryset=MemberUnit.objects.order_by("name"))
        ),
    )


def sub_delegation_list(*, user) -> QuerySet[SubDelegation]:
    return sub_delegations_visible_to(user).prefetch_related(_agencies_prefetch())


def delegation_list(*, user) -> QuerySet[Delegation]:
    return delegations_visible_to(user).prefetch_related(
        Prefetch(
            "sub_delegations",
            queryset=SubDelegation.objects.prefetch_related(_agencies_prefetch()),
        )
    )
