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


def lineage_choices(delegation: Delegation):
    """Sub-delegations a sub-delegation of ``delegation`` may continue: those of the same
    region's (or same office's) delegation at the previous edition."""
    previous = delegation.edition.previous()
    if previous is None:
        return SubDelegation.objects.none()
    same = {"delegation__region": delegation.region_id} if delegation.region_id else {}
    if not same:
        same = {"delegation__office_unit": delegation.office_unit_id}
    return SubDelegation.objects.filter(delegation__edition=previous, **same).order_by(
        "sort_order", "name"
    )


def units_of(delegation: Delegation):
    """The units a lead agency or an account may be given: the delegation's members."""
    return MemberUnit.objects.filter(
        pk__in=[delegation.office_unit_id, *delegation.member_units.values_list("pk", flat=True)]
    )
