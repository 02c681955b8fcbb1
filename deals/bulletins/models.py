"""Bulletins, reports up, member units' reports and their threads. Models of the deals app.

Written only by ``deals.bulletins.services``. A bulletin and a report keep the figures as
they were sent (``figures``), so the archive shows what was read then, not today's counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from delegations.models import Delegation, MemberUnit


class Bulletin(models.Model):
    """A progress bulletin (通报) to the member units of a delegation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent")

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(_("bulletin number"))
    note = models.TextField(_("the office's text"), blank=True)
    figures = models.JSONField(_("figures as composed"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    composed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("composed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    composed_at = models.DateTimeField(_("composed at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    scheduled = models.BooleanField(_("sent by the weekly schedule"), default=False)

    class Meta:
        app_label = "deals"
        ordering = ["delegation", "-number"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "number"], name="bulletin_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.delegation} · {self.number}"


class BulletinDelivery(models.Model):
    """One member unit's copy of a bulletin: to whom it went and how it fared.

    Claimed (sending) in its own committed transaction before the email leaves, so a retry
    or a second worker never sends it twice; one left sending is marked unknown.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        UNKNOWN = "unknown", _("unknown: check with the recipient")
        NO_EMAIL = "no_email", _("no liaison email")

    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bulletin"), on_delete=models.CASCADE, related_name="deliveries"
    )
    unit = models.ForeignKey(
        MemberUnit, verbose_name=_("member unit"), on_delete=models.PROTECT, related_name="+"
    )
    liaison_name = models.CharField(_("liaison officer"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        app_label = "deals"
        ordering = ["bulletin", "pk"]
        verbose_name = _("bulletin delivery")
        verbose_name_plural = _("bulletin deliveries")
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "unit"], name="bulletin_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} → {self.unit} ({self.status})"


class BulletinSchedule(models.Model):
    """A bulletin every week, on a weekday, until registration closes."""

    delegation = models.OneToOneField(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="+"
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), help_text=_("0 is Monday, 6 is Sunday.")
    )
    note = models.TextField(_("the office's text"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    next_due_on = models.DateField(_("next bulletin on"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        app_label = "deals"
        verbose_name = _("bulletin schedule")
        verbose_name_plural = _("bulletin schedules")
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="bulletin_weekday_valid")
        ]

    def __str__(self) -> str:
        return f"{self.delegation} · {self.weekday}"


class ProgressReport(models.Model):
    """The delegation's progress report up to the bureau (上报), as it was produced."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="+"
    )
    figures = models.JSONField(_("figures as reported"), default=dict)
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("produced by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    produced_at = models.DateTimeField(_("produced at"), auto_now_add=True)

    class Meta:
        app_label = "deals"
        ordering = ["-produced_at", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.delegation} · {self.produced_at:%Y-%m-%d %H:%M}"


class UnitReport(models.Model):
    """A member unit reporting in: a progress note, or a problem for the office (需协调事项)."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("progress note")
        PROBLEM = "problem", _("problem to coordinate")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        MemberUnit, verbose_name=_("member unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        app_label = "deals"
        ordering = ["-posted_at", "-pk"]
        verbose_name = _("member unit report")
        verbose_name_plural = _("member unit reports")

    def __str__(self) -> str:
        return f"{self.unit} · {self.title}"


class UnitReportEntry(models.Model):
    """One entry of a report's thread: what was said, by whom, and what it did."""

    class Action(models.TextChoices):
        POSTED = "posted", pgettext_lazy("unit report", "posted")
        REPLIED = "replied", _("replied")
        ANSWERED = "answered", _("answered by the office")
        CLOSED = "closed", _("closed by the office")
        REOPENED = "reopened", _("reopened")

    report = models.ForeignKey(
        UnitReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=10, choices=Action)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        app_label = "deals"
        ordering = ["report", "at", "pk"]
        verbose_name = _("member unit report entry")
        verbose_name_plural = _("member unit report entries")

    def __str__(self) -> str:
        return f"{self.report} · {self.action}"
