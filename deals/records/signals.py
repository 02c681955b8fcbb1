"""Deals changed by any path (services, admin, imports, the shell) queue a roll-up refresh
for their purchaser (and the one they were counted for before, when an edit moved them).

A deal's delegation (``Deal.delegation``, which the office's list walks) is its
registration's, copied on every save of the deal. A registration can move to a sub-delegation
of another delegation (the registering unit edits a returned one; a member unit may sit in
two delegations of an edition), and a sub-delegation to another delegation (the Django admin
only): their deals follow here, whatever path saved them.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from delegations.models import SubDelegation
from purchasers.models import Registration

from ..rollups.models import RollupPart
from ..rollups.services import queue_rollup_refresh
from .models import Deal


def _edition_id(deal: Deal) -> int | None:
    registration = Deal.registration.field.get_cached_value(deal, default=None)
    if registration is not None:
        return registration.edition_id
    return (
        Registration.objects.filter(pk=deal.registration_id)
        .values_list("edition_id", flat=True)
        .first()
    )


@receiver(post_save, sender=Deal, dispatch_uid="deals_rollup_on_save")
@receiver(post_delete, sender=Deal, dispatch_uid="deals_rollup_on_delete")
def deal_changed(sender, instance: Deal, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    registrations = {instance.registration_id, getattr(instance, "loaded_registration_id", None)}
    registrations.discard(None)
    instance.loaded_registration_id = instance.registration_id
    edition_id = _edition_id(instance)
    if edition_id is not None:
        queue_rollup_refresh(edition_id, sorted(registrations))


@receiver(post_save, sender=Registration, dispatch_uid="deals_rollup_on_registration_move")
def registration_moved(sender, instance: Registration, raw: bool = False, **kwargs) -> None:
    """A purchaser moved to another sub-delegation, or whose ownership or type was
    corrected, takes its deals' totals along."""
    if raw:
        return
    moved = (
        RollupPart.objects.filter(registration_id=instance.pk)
        .exclude(
            sub_delegation_id=instance.sub_delegation_id,
            ownership_id=instance.ownership_id,
            kind=instance.kind,
        )
        .exists()
    )
    if moved:
        queue_rollup_refresh(instance.edition_id, [instance.pk])


def _may_move(kwargs: dict, field: str) -> bool:
    """Whether a save may have changed ``field`` of a row that can have deals already."""
    update_fields = kwargs.get("update_fields")
    return not kwargs.get("created") and (update_fields is None or field in update_fields)


@receiver(post_save, sender=Registration, dispatch_uid="deals_follow_their_registration")
def deals_follow_their_registration(
    sender, instance: Registration, raw: bool = False, **kwargs
) -> None:
    if raw or not _may_move(kwargs, "sub_delegation"):
        return
    delegation_id = instance.sub_delegation.delegation_id
    Deal.objects.filter(registration=instance).exclude(delegation_id=delegation_id).update(
        delegation_id=delegation_id
    )


@receiver(post_save, sender=SubDelegation, dispatch_uid="deals_follow_their_sub_delegation")
def deals_follow_their_sub_delegation(
    sender, instance: SubDelegation, raw: bool = False, **kwargs
) -> None:
    if raw or not _may_move(kwargs, "delegation"):
        return
    Deal.objects.filter(registration__sub_delegation=instance).exclude(
        delegation_id=instance.delegation_id
    ).update(delegation_id=instance.delegation_id)
