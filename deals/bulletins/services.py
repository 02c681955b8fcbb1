"""Bulletins: compose from the live figures, send to every member unit's liaison, archive,
and the weekly schedule that composes and sends one until registration closes.

Every write checks its capability first (``bulletins.compose`` / ``bulletins.send``), so
the pages, the task and the command are refused alike.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ciie_delegations.queueing import enqueue, enqueue_after_commit
from delegations.capabilities import check
from delegations.models import Delegation

from . import emails, tasks
from .models import Bulletin, BulletinDelivery, BulletinSchedule
from .selectors import bulletin_figures, bulletin_units, registration_closes_on

logger = logging.getLogger(__name__)
Delivery = BulletinDelivery.Status
STALE_SENDING = datetime.timedelta(hours=1)


class BulletinError(Exception):
    """The bulletin's state forbids the action (answered 409 with this message)."""


@transaction.atomic
def bulletin_compose(*, delegation: Delegation, by, note: str = "") -> Bulletin:
    """A draft from today's figures; composing again refreshes the draft, so numbers have
    no gaps: the next bulletin's number is taken when it is first composed."""
    check(by, "bulletins.compose", delegation)
    Delegation.objects.select_for_update().get(pk=delegation.pk)
    draft = Bulletin.objects.filter(delegation=delegation, status=Bulletin.Status.DRAFT).first()
    figures = bulletin_figures(delegation)
    if draft is not None:
        draft.figures, draft.note, draft.composed_by = figures, note, by
        draft.composed_at = timezone.now()
        draft.save(update_fields=["figures", "note", "composed_by", "composed_at"])
        return draft
    last = Bulletin.objects.filter(delegation=delegation).aggregate(n=Max("number"))["n"]
    return Bulletin.objects.create(
        delegation=delegation, number=(last or 0) + 1, note=note, figures=figures, composed_by=by
    )


@transaction.atomic
def bulletin_send(*, bulletin: Bulletin, by, scheduled: bool = False) -> Bulletin:
    """Send the draft as previewed: one copy per member unit, archived with its address."""
    check(by, "bulletins.send", bulletin)
    locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if locked.status != Bulletin.Status.DRAFT:
        raise BulletinError(_("This bulletin was already sent."))
    locked.status = Bulletin.Status.SENT
    locked.sent_by, locked.sent_at, locked.scheduled = by, timezone.now(), scheduled
    locked.save(update_fields=["status", "sent_by", "sent_at", "scheduled"])
    BulletinDelivery.objects.bulk_create(
        BulletinDelivery(
            bulletin=locked,
            unit=unit,
            liaison_name=unit.liaison_name,
            email=unit.liaison_email,
            status=Delivery.PENDING if unit.liaison_email else Delivery.NO_EMAIL,
        )
        for unit in bulletin_units(locked.delegation)
    )

    enqueue_after_commit(tasks.send_bulletin_task, kwargs={"bulletin_id": locked.pk})
    return locked


def _claim_delivery(delivery_id: int) -> BulletinDelivery | None:
    with transaction.atomic():
        delivery = (
            BulletinDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("unit", "bulletin__delegation")
            .filter(pk=delivery_id, status=Delivery.PENDING)
            .first()
        )
        if delivery is None:
            return None
        delivery.status = Delivery.SENDING
        delivery.save(update_fields=["status"])
    return delivery


def _deliver(delivery: BulletinDelivery) -> None:
    bulletin = delivery.bulletin
    subject, text, html = emails.render_delivery(bulletin, delivery)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [delivery.email])
    message.attach_alternative(html, "text/html")
    message.attach(emails.attachment_name(bulletin), emails.document_html(bulletin), "text/html")
    update = {"subject": subject[:300]}
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Bulletin %s to %s failed: %s", bulletin.pk, delivery.email, exc)
        update.update(status=Delivery.FAILED, error=f"{type(exc).__name__}: {exc}"[:500])
    else:
        update.update(status=Delivery.SENT, sent_at=timezone.now(), error="")
    BulletinDelivery.objects.filter(pk=delivery.pk).update(**update)


def bulletin_deliver(*, bulletin_id: int) -> int:
    """Send the bulletin's waiting copies; each is claimed first, so none goes twice."""
    sent = 0
    pending = BulletinDelivery.objects.filter(bulletin=bulletin_id, status=Delivery.PENDING)
    for delivery_id in pending.values_list("pk", flat=True):
        delivery = _claim_delivery(delivery_id)
        if delivery is not None:
            _deliver(delivery)
            sent += 1
    return sent


def bulletin_delivery_retry(*, delivery: BulletinDelivery, by) -> BulletinDelivery:
    """Queue a failed (or unknown) copy again, e.g. after the liaison's address was fixed."""
    check(by, "bulletins.send", delivery.bulletin)
    if delivery.status not in (Delivery.FAILED, Delivery.UNKNOWN, Delivery.NO_EMAIL):
        raise BulletinError(_("Only a copy that failed can be sent again."))
    unit = delivery.unit
    with transaction.atomic():
        BulletinDelivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.PENDING if unit.liaison_email else Delivery.NO_EMAIL,
            email=unit.liaison_email,
            liaison_name=unit.liaison_name,
            error="",
        )

        enqueue_after_commit(tasks.send_bulletin_task, kwargs={"bulletin_id": delivery.bulletin_id})
    delivery.refresh_from_db()
    return delivery


# --- the weekly schedule ---------------------------------------------------------------


def _next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


@transaction.atomic
def bulletin_schedule_set(
    *, delegation: Delegation, by, weekday: int, note: str = "", active: bool = True
) -> BulletinSchedule:
    check(by, "bulletins.send", delegation)
    if not 0 <= weekday <= 6:
        raise BulletinError(_("Choose a weekday."))
    schedule, _created = BulletinSchedule.objects.update_or_create(
        delegation=delegation,
        defaults={
            "weekday": weekday,
            "note": note,
            "active": active,
            "set_by": by,
            "next_due_on": _next_weekday(timezone.localdate(), weekday),
        },
    )
    return schedule


def bulletins_send_due(*, today: datetime.date | None = None) -> list[Bulletin]:
    """Compose and send the bulletin of every schedule due today, until registration
    closes (then the schedule stops itself). Run by beat; safe to run again the same day."""
    today = today or timezone.localdate()
    sent = []
    for schedule_id in BulletinSchedule.objects.filter(
        active=True, next_due_on__lte=today
    ).values_list("pk", flat=True):
        try:
            bulletin = _send_scheduled(schedule_id, today)
        except PermissionDenied:
            # Whoever set it may no longer send for the office: the schedule stops.
            logger.warning("Bulletin schedule %s stopped: its owner may not send", schedule_id)
            BulletinSchedule.objects.filter(pk=schedule_id).update(active=False)
            continue
        if bulletin is not None:
            sent.append(bulletin)
    return sent


@transaction.atomic
def _send_scheduled(schedule_id: int, today: datetime.date) -> Bulletin | None:
    schedule = (
        BulletinSchedule.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("delegation__edition", "set_by")
        .filter(pk=schedule_id, active=True, next_due_on__lte=today)
        .first()
    )
    if schedule is None:
        return None
    closes_on = registration_closes_on(schedule.delegation)
    if closes_on is not None and closes_on < today:
        schedule.active = False
        schedule.save(update_fields=["active"])
        return None
    schedule.next_due_on = _next_weekday(today + datetime.timedelta(days=1), schedule.weekday)
    schedule.save(update_fields=["next_due_on"])
    by = schedule.set_by
    draft = bulletin_compose(delegation=schedule.delegation, by=by, note=schedule.note)
    return bulletin_send(bulletin=draft, by=by, scheduled=True)


def bulletin_deliveries_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue copies still waiting (a broker outage) and mark those left sending unknown."""
    now = now or timezone.now()
    unknown = BulletinDelivery.objects.filter(
        status=Delivery.SENDING, bulletin__sent_at__lt=now - STALE_SENDING
    ).update(
        status=Delivery.UNKNOWN,
        error=_("The job stopped while sending: check with the recipient whether it arrived."),
    )

    waiting = set(
        BulletinDelivery.objects.filter(status=Delivery.PENDING).values_list("bulletin", flat=True)
    )
    for bulletin_id in sorted(waiting):
        enqueue(tasks.send_bulletin_task, kwargs={"bulletin_id": bulletin_id})
    return {"unknown": unknown, "queued": len(waiting)}
