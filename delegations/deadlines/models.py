"""Deadlines, the delegations' reminder rules and the reminder ledger."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..setup.models import Delegation, Edition, LeadAgency


def default_reminder_steps() -> list[int]:
    return [14, 7, 3, 1]


class Deadline(models.Model):
    """A date by which lead agencies must have done something (倒排时间表).

    Set for a whole edition (the national bureau's dates, entered once and inherited by every
    delegation), or earlier for one delegation or one lead agency. For an agency the most
    specific deadline of a kind is the one that counts.
    """

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("registration closes")
        REVIEW = "review", _("reviews due")
        DEAL_FIGURES = "deal_figures", _("deal figures due")
        FOLLOW_UP = "follow_up", _("follow-up report due")

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="deadlines"
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="deadlines",
        null=True,
        blank=True,
        help_text=_("Empty for a date of the whole edition."),
    )
    lead_agency = models.ForeignKey(
        LeadAgency,
        verbose_name=_("lead agency"),
        on_delete=models.CASCADE,
        related_name="deadlines",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    due_on = models.DateField(_("due on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        "User",
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["due_on", "kind", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind"],
                condition=Q(delegation__isnull=True),
                name="deadline_once_per_edition_and_kind",
            ),
            models.UniqueConstraint(
                fields=["delegation", "kind"],
                condition=Q(delegation__isnull=False, lead_agency__isnull=True),
                name="deadline_once_per_delegation_and_kind",
            ),
            models.UniqueConstraint(
                fields=["lead_agency", "kind"],
                condition=Q(lead_agency__isnull=False),
                name="deadline_once_per_agency_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(lead_agency__isnull=True) | Q(delegation__isnull=False),
                name="agency_deadline_names_its_delegation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"

    @property
    def level(self) -> str:
        if self.lead_agency_id:
            return "agency"
        return "delegation" if self.delegation_id else "edition"


class ReminderRule(models.Model):
    """When a delegation reminds its lead agencies before a kind of deadline.

    What makes an agency due is said by the obligation providers registered for the kind
    (``delegations.obligations``); the rule says how many days before the date to remind.
    """

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="reminder_rules",
    )
    kind = models.CharField(_("deadline kind"), max_length=20, choices=Deadline.Kind)
    steps = models.JSONField(
        _("days before the deadline"),
        default=default_reminder_steps,
        help_text=_("One reminder at each of these numbers of days before the deadline."),
    )
    active = models.BooleanField(_("send reminders"), default=True)

    class Meta:
        ordering = ["delegation", "kind"]
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "kind"], name="reminder_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {', '.join(str(s) for s in self.steps)}"


class Reminder(models.Model):
    """The ledger: one row per reminder (agency, deadline, step) or escalation to the office.

    The row is claimed (status pending) in its own committed transaction before the email
    leaves; the unique constraints make a second claim fail, so no reminder is sent twice.

    A ledger outlives what it points at: removing a deadline keeps its rows (the deadline's
    kind and date are copied here, and the key is the kind and date, not the deadline's row),
    so a date removed and set again is not reminded twice; delegations and lead agencies with
    reminders cannot be deleted.
    """

    class Kind(models.TextChoices):
        AGENCY = "agency", _("reminder to lead agency")
        ESCALATION = "escalation", _("overdue notice to the office")

    class Status(models.TextChoices):
        PENDING = "pending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        UNKNOWN = "unknown", _("unknown: check with the recipient")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.AGENCY)
    deadline = models.ForeignKey(
        Deadline,
        verbose_name=_("deadline"),
        on_delete=models.SET_NULL,
        related_name="reminders",
        null=True,
        blank=True,
        help_text=_("Empty once the deadline was removed; its kind and date stay below."),
    )
    deadline_kind = models.CharField(_("deadline kind"), max_length=20, choices=Deadline.Kind)
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    lead_agency = models.ForeignKey(
        LeadAgency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="reminders",
        null=True,
        blank=True,
        help_text=_("Empty for a notice to the office."),
    )
    step = models.SmallIntegerField(
        _("days before"), help_text=_("Negative for a notice after the deadline.")
    )
    due_on = models.DateField(_("deadline date"))
    owed = models.JSONField(_("what was owed"), default=list, blank=True)
    recipients = models.CharField(_("recipients"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["lead_agency", "deadline_kind", "due_on", "step"],
                condition=Q(kind="agency"),
                name="reminder_once_per_agency_date_step",
            ),
            models.UniqueConstraint(
                fields=["delegation", "deadline_kind", "due_on"],
                condition=Q(kind="escalation"),
                name="escalation_once_per_delegation_date",
            ),
            models.CheckConstraint(
                condition=Q(kind="escalation") | Q(lead_agency__isnull=False),
                name="agency_reminder_names_its_agency",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {self.get_deadline_kind_display()} {self.due_on:%Y-%m-%d}"
            f" ({self.step}) {self.get_status_display()}"
        )
