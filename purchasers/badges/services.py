"""Every change to a badge, and the official-layout download. Pages, the API and the status
import call these; single changes are bulk changes of one."""

from __future__ import annotations

import io

import xlsxwriter
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.audit.models import EventKind
from delegations.audit.services import record
from delegations.capabilities import check
from delegations.models import Delegation, Edition, SubDelegation

from ..models import Attendee, Registration
from . import bulk, layouts
from .bulk import BadgeChange
from .models import DISTRIBUTABLE, Badge, BadgeEvent, BadgeStatus, OfficialExport, OfficialLayout
from .selectors import any_of

# Since the 5th edition a badge of an earlier edition may be opened again (复用开通).
REUSE_FROM_EDITION = 5
REUSABLE = (BadgeStatus.READY, BadgeStatus.POSTED, BadgeStatus.HANDED_OVER)


class BadgeError(Exception):
    """The badge's state forbids the change (answered 409 with this message)."""


def _check_delegations(by, attendee_ids) -> None:
    # Delegation ← sub-delegation ← the attendees' registrations, as nested sets: a few
    # distinct ids at each step, where one join of thousands of rows is then made distinct.
    registrations = Attendee.objects.filter(pk__in=any_of(attendee_ids))
    subs = SubDelegation.objects.filter(
        pk__in=registrations.values("registration__sub_delegation_id")
    )
    delegations = Delegation.objects.filter(pk__in=subs.values("delegation_id"))
    for delegation in delegations.select_related("office_unit"):
        check(by, "badges.set_status", delegation)


def badges_change(*, changes: list[BadgeChange], by, kind: str) -> int:
    """Set many badges at once, all or nothing; one history entry per badge that changes.
    Returns how many changed. Refused (403) when any attendee lies outside the delegations
    ``by`` may change. Plain rows, not model instances: an import runs to 7,000 people."""
    kind = EventKind(kind)  # both writers store the same kinds (the SQL one checks none)
    known = set(BadgeStatus.values)
    for change in changes:
        if change.status not in known:
            raise BadgeError(_("Unknown badge status “%(status)s”.") % {"status": change.status})
    changes = bulk.collapsed(changes)
    if not changes:
        return 0
    _check_delegations(by, [change.attendee_id for change in changes])
    apply = bulk.apply_postgresql if connection.vendor == "postgresql" else bulk.apply_orm
    with transaction.atomic():
        return apply(changes, by=by, now=timezone.now(), kind=kind)


def badge_set_status(
    *, attendee: Attendee, status: str, by, tracking_number: str | None = None
) -> Badge:
    """The office records one badge's status by hand (posted needs a tracking number)."""
    check(by, "badges.set_status", attendee)
    current = Badge.objects.filter(attendee_id=attendee.pk).first()
    known = current.tracking_number if current else ""
    if status == BadgeStatus.POSTED and not (tracking_number or known):
        raise BadgeError(_("A posted badge needs the courier's tracking number."))
    badges_change(
        changes=[BadgeChange(attendee.pk, status, tracking_number=tracking_number or None)],
        by=by,
        kind=EventKind.BADGE_SET,
    )
    return Badge.objects.get(attendee_id=attendee.pk)


def badges_hand_over_unit(*, delegation: Delegation, unit, by) -> int:
    """Every ready or posted badge of the unit's registrations handed over; how many."""
    check(by, "badges.hand_over", delegation)
    ids = list(
        Attendee.objects.filter(
            registration__sub_delegation__delegation=delegation,
            registration__unit=unit,
            badge__status__in=DISTRIBUTABLE,
        ).values_list("pk", flat=True)
    )
    if not ids:
        raise BadgeError(_("This unit has no badges ready or posted to hand over."))
    changes = [BadgeChange(i, BadgeStatus.HANDED_OVER) for i in ids]
    return badges_change(changes=changes, by=by, kind=EventKind.HANDED_OVER)


def earlier_badge(attendee: Attendee) -> Badge | None:
    """The person's issued badge of an earlier edition (same ID type and number), if the
    official rules let this edition reuse it."""
    edition = attendee.registration.edition
    if edition.number < REUSE_FROM_EDITION:
        return None
    return (
        Badge.objects.filter(
            attendee__id_type=attendee.id_type,
            attendee__id_number=attendee.id_number,
            attendee__edition__number__lt=edition.number,
            status__in=REUSABLE,
        )
        .select_related("attendee__edition")
        .order_by("-attendee__edition__number")
        .first()
    )


def badge_reuse(*, attendee: Attendee, by) -> Badge:
    """Apply for the badge by reopening the person's earlier one (旧证复用)."""
    check(by, "badges.reuse", attendee)
    earlier = earlier_badge(attendee)
    if earlier is None:
        raise BadgeError(_("This person has no badge of an earlier edition that can be reused."))
    with transaction.atomic():
        Badge.objects.get_or_create(
            attendee_id=attendee.pk, defaults={"status_since": timezone.now()}
        )
        badge = Badge.objects.select_for_update().get(attendee_id=attendee.pk)
        if badge.status != BadgeStatus.NOT_APPLIED:
            raise BadgeError(_("This badge has already been applied for."))
        badge.status, badge.status_since, badge.reuses = (
            BadgeStatus.SUBMITTED,
            timezone.now(),
            earlier,
        )
        badge.save()
        record(
            BadgeEvent,
            badge=badge,
            by=by,
            kind=EventKind.REUSED,
            from_status=BadgeStatus.NOT_APPLIED,
            to_status=badge.status,
            changes={"reuses": str(earlier.attendee.edition)},
        )
    return badge


def layout_save(
    *, edition: Edition, columns: list[dict], id_type_codes: dict, by
) -> OfficialLayout:
    """The national administrator declares the edition's official layout."""
    check(by, "badges.edit_layout", edition)
    problems = layouts.validate_columns(columns)
    if problems:
        raise BadgeError(" ".join(problems))
    layout, _created = OfficialLayout.objects.update_or_create(
        edition=edition,
        defaults={"columns": columns, "id_type_codes": id_type_codes, "updated_by": by},
    )
    return layout


def official_export(
    *, user, delegation: Delegation, sub_delegation: SubDelegation | None = None
) -> tuple[bytes, OfficialExport]:
    """The reported registrations and their attendees in the official batch layout, one
    row a person, with full ID numbers; the download is recorded."""

    check(user, "badges.export_official", sub_delegation or delegation)
    registrations = Registration.objects.filter(
        sub_delegation__delegation=delegation, status=Registration.Status.REPORTED
    )
    if sub_delegation is not None:
        registrations = registrations.filter(sub_delegation=sub_delegation)
    registrations = list(
        registrations.select_related("purchaser", "region", "sub_delegation", "unit")
        .prefetch_related("attendees")
        .order_by("sub_delegation__sort_order", "name", "pk")
    )
    layout = layouts.layout_for(delegation.edition)
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("批量导入")
    bold = workbook.add_format({"bold": True})
    for col, column in enumerate(layout.columns):
        sheet.write_string(0, col, column["header"], bold)
        sheet.set_column(col, col, max(10, 2 * len(column["header"])))
    row = 0
    for registration in registrations:
        for attendee in registration.attendees.all():
            row += 1
            for col, column in enumerate(layout.columns):
                value = layouts.LAYOUT_FIELDS[column["field"]][1](registration, attendee)
                # Strings throughout: the official system keeps leading zeros and the final X.
                sheet.write_string(row, col, layouts.formatted(value, column["format"], layout))
    workbook.close()
    record = OfficialExport.objects.create(
        by=user,
        edition=delegation.edition,
        delegation=delegation,
        sub_delegation=sub_delegation,
        registrations=len(registrations),
        people=row,
    )
    return out.getvalue(), record
