"""Member units reporting in: a progress note or a problem (需协调事项) for the office,
answered and closed by the office, every step an entry of the report's thread."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.capabilities import check
from delegations.models import Delegation

from .models import UnitReport, UnitReportEntry

Action = UnitReportEntry.Action


class UnitReportError(Exception):
    """The report's state forbids the action (answered 409 with this message)."""


def _require_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise UnitReportError(_("Write what you want to say."))
    return text


@transaction.atomic
def unit_report_post(*, delegation: Delegation, by, kind: str, title: str, body: str) -> UnitReport:
    check(by, "unit_reports.post", delegation)
    if kind not in UnitReport.Kind.values:
        raise UnitReportError(_("Choose a progress note or a problem."))
    title = (title or "").strip()[:200]
    if not title:
        raise UnitReportError(_("Give the report a title."))
    report = UnitReport.objects.create(
        delegation=delegation,
        unit=by.unit,
        kind=kind,
        title=title,
        posted_by=by,
        # A progress note needs no answer: only problems stay open for the office.
        status=UnitReport.Status.OPEN
        if kind == UnitReport.Kind.PROBLEM
        else UnitReport.Status.CLOSED,
    )
    UnitReportEntry.objects.create(
        report=report, author=by, action=Action.POSTED, body=_require_text(body)
    )
    return report


@transaction.atomic
def unit_report_reply(*, report: UnitReport, by, body: str) -> UnitReport:
    """The unit adds to its own thread; a closed problem opens again."""
    check(by, "unit_reports.post", report)
    locked = UnitReport.objects.select_for_update().get(pk=report.pk)
    action = Action.REPLIED
    if locked.kind == UnitReport.Kind.PROBLEM and locked.status == UnitReport.Status.CLOSED:
        locked.status, locked.closed_at, action = UnitReport.Status.OPEN, None, Action.REOPENED
        locked.save(update_fields=["status", "closed_at"])
    UnitReportEntry.objects.create(
        report=locked, author=by, action=action, body=_require_text(body)
    )
    return locked


@transaction.atomic
def unit_report_answer(
    *, report: UnitReport, by, body: str = "", close: bool = False
) -> UnitReport:
    """The office answers, and may close the problem with (or without) its answer."""
    check(by, "unit_reports.answer", report)
    locked = UnitReport.objects.select_for_update().get(pk=report.pk)
    if close and locked.status == UnitReport.Status.CLOSED:
        raise UnitReportError(_("This report is already closed."))
    body = (body or "").strip()
    if not body and not close:
        raise UnitReportError(_("Write what you want to say."))
    if body:
        UnitReportEntry.objects.create(report=locked, author=by, action=Action.ANSWERED, body=body)
    if close:
        locked.status, locked.closed_at = UnitReport.Status.CLOSED, timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        UnitReportEntry.objects.create(report=locked, author=by, action=Action.CLOSED)
    return locked
