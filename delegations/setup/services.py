"""Writes to a delegation's set-up: editions, delegations, sub-delegations, lead agencies and
member units. The pages, the API and commands call these.

Every change writes a ``SetupEvent`` (who, when, before and after) through the audit
writer. Rules on who may call them are capabilities (``setup.manage``,
``editions.administer`` in ``delegations.rules``), checked by each service here; the views
check them and fetch through the scoped querysets, so outside the scope is a 404.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..audit.models import EventKind
from ..audit.services import record
from ..capabilities import check
from ..models import (
    Delegation,
    Edition,
    LeadAgency,
    MemberUnit,
    Region,
    SetupEvent,
    SubDelegation,
    User,
)
from .fields import EDITION_FIELDS, LEAD_AGENCY_FIELDS, MEMBER_UNIT_FIELDS, SUB_DELEGATION_FIELDS
from .selectors import lineage_choices, units_of


def _change_text(value) -> str | bool | None:
    if value is None or isinstance(value, bool):
        return value  # the history says yes or no
    if hasattr(value, "all"):  # a many-to-many manager
        return "、".join(sorted(str(v.name) for v in value.all()))
    if hasattr(value, "pk"):
        return str(getattr(value, "name", value))
    return str(value)


def record_setup_event(
    *,
    by: User,
    kind: EventKind,
    subject: str,
    delegation: Delegation | None = None,
    edition: Edition | None = None,
    changes: dict | None = None,
    reason: str = "",
) -> SetupEvent:
    """A set-up history entry (set-up, deadlines, reminder rules, rates): of the delegation,
    or of the edition when it concerns every delegation."""
    return record(
        SetupEvent,
        by=by,
        kind=kind,
        changes=changes,
        delegation=delegation,
        edition=edition or (delegation.edition if delegation else None),
        subject=str(subject)[:300],
        reason=reason,
    )


def set_changed(obj, data: dict, fields) -> dict:
    """Set ``fields`` from ``data`` on ``obj``; the changes as {field: [before, after]}."""
    changes = {}
    for name in fields:
        if name not in data:
            continue
        before, after = getattr(obj, name), data[name]
        if before != after:
            changes[name] = [_change_text(before), _change_text(after)]
            setattr(obj, name, after)
    return changes


def _unique(save):
    try:
        with transaction.atomic():
            save()
    except IntegrityError as error:
        raise ValidationError({"name": _("This name is already used here.")}) from error


# --- editions and delegations (the national administrator) -----------------------------


@transaction.atomic
def edition_save(*, by: User, data: dict, edition: Edition | None = None) -> Edition:
    check(by, "editions.administer")
    edition = edition or Edition()
    created = edition.pk is None
    changes = set_changed(edition, data, EDITION_FIELDS.entered)
    if edition.opens_on and edition.closes_on and edition.closes_on < edition.opens_on:
        raise ValidationError({"closes_on": _("The expo cannot close before it opens.")})
    if not changes:
        return edition
    try:
        with transaction.atomic():
            edition.save()
    except IntegrityError as error:
        raise ValidationError({"number": _("This edition or year exists already.")}) from error
    record_setup_event(
        by=by,
        edition=edition,
        kind=EventKind.EDITION_CREATED if created else EventKind.EDITION_CHANGED,
        subject=str(edition),
        changes=changes,
    )
    return edition


@transaction.atomic
def delegation_create(
    *,
    by: User,
    edition: Edition,
    region: Region,
    name: str,
    name_en: str = "",
    office_unit_name: str,
    office_email: str = "",
) -> Delegation:
    """A delegation for a region at an edition, with the unit where its office sits."""
    check(by, "editions.administer")
    if Delegation.objects.filter(edition=edition, region=region).exists():
        raise ValidationError(
            {
                "region": _("%(region)s has a delegation at this edition already.")
                % {"region": region}
            }
        )
    office, _created = MemberUnit.objects.get_or_create(
        region=region, name=office_unit_name.strip()
    )
    delegation = Delegation(
        edition=edition,
        region=region,
        name=name.strip(),
        name_en=name_en.strip(),
        office_unit=office,
        office_email=office_email,
        registration_open=False,
    )
    _unique(delegation.save)
    delegation.member_units.add(office)
    record_setup_event(
        by=by,
        delegation=delegation,
        kind=EventKind.DELEGATION_CREATED,
        subject=delegation.name,
        changes={"office_unit": [None, office.name], "region": [None, region.name]},
    )
    return delegation


# --- the office's own set-up -----------------------------------------------------------


@transaction.atomic
def sub_delegation_save(
    *, by: User, delegation: Delegation, data: dict, sub: SubDelegation | None = None
) -> SubDelegation:
    check(by, "setup.manage", delegation)
    sub = sub or SubDelegation(delegation=delegation)
    created = sub.pk is None
    continues = data.get("continues")
    if continues is not None and not lineage_choices(delegation).filter(pk=continues.pk).exists():
        raise ValidationError({"continues": _("Choose a sub-delegation of your previous edition.")})
    if created and "sort_order" not in data:
        last = delegation.sub_delegations.aggregate(m=Max("sort_order"))["m"] or 0
        data = {**data, "sort_order": last + 1}
    changes = set_changed(sub, data, SUB_DELEGATION_FIELDS.entered)
    if not changes:
        return sub
    _unique(sub.save)
    record_setup_event(
        by=by,
        delegation=delegation,
        kind=EventKind.SUB_DELEGATION_CREATED if created else EventKind.SUB_DELEGATION_CHANGED,
        subject=sub.name,
        changes=changes,
    )
    return sub


@transaction.atomic
def lead_agency_save(
    *,
    by: User,
    sub_delegation: SubDelegation,
    data: dict,
    agency: LeadAgency | None = None,
) -> LeadAgency:
    """A lead agency with its units, target and focus. Units must be members."""
    check(by, "setup.manage", sub_delegation.delegation)
    agency = agency or LeadAgency(sub_delegation=sub_delegation)
    created = agency.pk is None
    units = list(data.get("units") or [])
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    allowed = set(units_of(sub_delegation.delegation).values_list("pk", flat=True))
    if any(unit.pk not in allowed for unit in units):
        raise ValidationError({"units": _("Add the unit to the delegation's members first.")})
    target = data.get("target")
    if target is None or target <= 0:
        raise ValidationError({"target": _("A target must be at least 1.")})
    before_units = None if created else _change_text(agency.units)
    changes = set_changed(agency, data, [n for n in LEAD_AGENCY_FIELDS.entered if n != "units"])
    agency.save()
    agency.units.set(units)
    after_units = _change_text(agency.units)
    if before_units != after_units:
        changes["units"] = [before_units, after_units]
    if changes:
        record_setup_event(
            by=by,
            delegation=sub_delegation.delegation,
            kind=EventKind.LEAD_AGENCY_CREATED if created else EventKind.LEAD_AGENCY_CHANGED,
            subject=f"{sub_delegation.name} · {after_units}",
            changes=changes,
        )
    return agency


@transaction.atomic
def member_unit_save(
    *, by: User, delegation: Delegation, data: dict, unit: MemberUnit | None = None
) -> MemberUnit:
    """Add a unit to the delegation (an existing one of the region by name, or a new one),
    or change a member's names and liaison officer."""
    check(by, "setup.manage", delegation)
    created = unit is None
    if created:
        name = (data.get("name") or "").strip()
        if not name:
            raise ValidationError({"name": _("This field is required.")})
        unit = MemberUnit.objects.filter(region=delegation.region_id, name=name).first()
        if unit is None:
            unit = MemberUnit(region_id=delegation.region_id)
    changes = set_changed(unit, data, MEMBER_UNIT_FIELDS.entered)
    _unique(unit.save)
    joined = not delegation.member_units.filter(pk=unit.pk).exists()
    delegation.member_units.add(unit)
    if changes or joined:
        record_setup_event(
            by=by,
            delegation=delegation,
            kind=EventKind.UNIT_ADDED if joined else EventKind.UNIT_CHANGED,
            subject=unit.name,
            changes=changes,
        )
    return unit


@transaction.atomic
def delegation_open_registration(*, by: User, delegation: Delegation) -> Delegation:
    check(by, "setup.manage", delegation)
    if not delegation.registration_open:
        delegation.registration_open = True
        delegation.save(update_fields=["registration_open"])
        record_setup_event(
            by=by,
            delegation=delegation,
            kind=EventKind.REGISTRATION_OPENED,
            subject=delegation.name,
            changes={"registration_open": ["False", "True"]},
        )
    return delegation


# --- copy forward ----------------------------------------------------------------------


@transaction.atomic
def delegation_copy_forward(*, by: User, source: Delegation, edition: Edition) -> Delegation:
    """Start ``edition`` from ``source``: its sub-delegations (each continuing the one it was
    copied from), lead agencies with units, targets and focus, and member units with their
    liaison officers, as a draft the office edits before it opens registration. Nothing of
    the registrations is copied (carrying firms over is the registrants' own step).

    The delegation at ``edition`` is the one the bureau created for the region, or a new one
    for the same region and office when the bureau has not; it must have no structure yet.
    """
    check(by, "setup.manage", source)
    if edition.number <= source.edition.number:
        raise ValidationError({"edition": _("Copy into a later edition.")})
    target = _copy_target(source=source, edition=edition)
    target.member_units.add(*source.member_units.all())
    copied = [
        _copy_sub_delegation(sub, into=target).name
        for sub in source.sub_delegations.prefetch_related("lead_agencies__units")
    ]
    record_setup_event(
        by=by,
        delegation=target,
        kind=EventKind.COPIED_FORWARD,
        subject=target.name,
        changes={"sub_delegations": [None, "、".join(copied)]},
        reason=_("Copied from %(source)s.") % {"source": source},
    )
    return target


def _copy_target(*, source: Delegation, edition: Edition) -> Delegation:
    """The delegation ``source`` is copied into: the bureau's for the region, or a new one."""
    target = Delegation.objects.filter(
        edition=edition,
        **({"region": source.region_id} if source.region_id else {"name": source.name}),
    ).first()
    if target is None:
        return Delegation.objects.create(
            edition=edition,
            region=source.region,
            name=source.name,
            name_en=source.name_en,
            office_unit=source.office_unit,
            office_contact_name=source.office_contact_name,
            office_contact_phone=source.office_contact_phone,
            registration_contact_name=source.registration_contact_name,
            registration_contact_phone=source.registration_contact_phone,
            office_email=source.office_email,
            registration_open=False,
        )
    if target.office_unit_id != source.office_unit_id:
        raise ValidationError({"edition": _("The delegation at this edition has another office.")})
    if target.sub_delegations.exists():
        raise ValidationError(
            {"edition": _("%(delegation)s has sub-delegations already.") % {"delegation": target}}
        )
    return target


def _copy_sub_delegation(sub: SubDelegation, *, into: Delegation) -> SubDelegation:
    """A copy of ``sub`` continuing it, with its lead agencies, their units, targets, focus."""
    new = SubDelegation.objects.create(
        delegation=into,
        name=sub.name,
        name_en=sub.name_en,
        kind=sub.kind,
        sort_order=sub.sort_order,
        shared_review=sub.shared_review,
        continues=sub,
    )
    for agency in sub.lead_agencies.all():
        new_agency = LeadAgency.objects.create(
            sub_delegation=new,
            target=agency.target,
            focus=agency.focus,
            focus_en=agency.focus_en,
            sort_order=agency.sort_order,
        )
        new_agency.units.set(agency.units.all())
    return new
