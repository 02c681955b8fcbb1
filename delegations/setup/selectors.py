"""Reads of the delegation structure, each scoped by ``delegations.permissions``."""

from django.db.models import Prefetch, QuerySet

from ..models import Delegation, Edition, LeadAgency, MemberUnit, SubDelegation, User
from ..permissions import delegations_visible_to, has_role, sub_delegations_visible_to


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


def working_edition(*, user) -> Edition | None:
    """The edition the user works in, where pages with an edition filter open.

    The latest edition with a delegation in the user's scope (the Qinghai office: its 5th
    edition, not an empty 7th); registrant staff skip a delegation still drafting its
    structure; national roles the latest edition that has delegations. Any edition at all
    when there is none of those.
    """
    editions = Edition.objects.order_by("-number")
    delegations = delegations_visible_to(user)
    if has_role(user, User.Role.REGISTRANT):
        delegations = delegations.filter(registration_open=True)
    mine = editions.filter(delegations__in=delegations).first()
    return mine or editions.first()
