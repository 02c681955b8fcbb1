"""The shape every history model shares, and the catalogue of what can happen.

Each subject keeps its own table (``SetupEvent``, ``RegistrationEvent``, ``BadgeEvent``,
``DealEvent``, ``ExhibitorEvent``), all subclasses of ``AuditEvent``: who, when, which kind,
and ``changes`` as ``{field: [before, after]}``. Services write them through
``delegations.audit.services.record``; pages and the API read them through
``delegations.audit.presenters``.
"""

from collections.abc import Callable
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    # A delegation's set-up, its deadlines and rates (SetupEvent).
    EDITION_CREATED = "edition_created", _("edition created")
    EDITION_CHANGED = "edition_changed", _("edition changed")
    DELEGATION_CREATED = "delegation_created", _("delegation created")
    COPIED_FORWARD = "copied_forward", _("started from the last edition")
    REGISTRATION_OPENED = "registration_opened", _("registration opened")
    SUB_DELEGATION_CREATED = "sub_delegation_created", _("sub-delegation created")
    SUB_DELEGATION_CHANGED = "sub_delegation_changed", _("sub-delegation changed")
    LEAD_AGENCY_CREATED = "lead_agency_created", _("lead agency created")
    LEAD_AGENCY_CHANGED = "lead_agency_changed", _("lead agency changed")
    UNIT_ADDED = "unit_added", _("member unit added")
    UNIT_CHANGED = "unit_changed", _("member unit changed")
    ACCOUNT_INVITED = "account_invited", _("account invited")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("account deactivated")
    ACCOUNT_RESET = "account_reset", _("password reset")
    RATE_SET = "rate_set", _("exchange rate set")
    RATE_CHANGED = "rate_changed", _("exchange rate changed")
    DEADLINE_SET = "deadline_set", _("deadline set")
    DEADLINE_CHANGED = "deadline_changed", _("deadline changed")
    DEADLINE_REMOVED = "deadline_removed", _("deadline removed")
    REMINDER_RULE_SET = "reminder_rule_set", _("reminder rule set")
    REMINDER_RULE_CHANGED = "reminder_rule_changed", _("reminder rule changed")
    OWNERSHIP_ADDED = "ownership_added", _("ownership added to the list")
    OWNERSHIP_CHANGED = "ownership_changed", _("ownership changed in the list")
    # A registration (RegistrationEvent).
    CREATED = "created", _("created")
    UPDATED = "updated", _("changed")
    SUBMITTED = "submitted", _("submitted for review")
    RESUBMITTED = "resubmitted", _("submitted again after correction")
    CARRIED_OVER = "carried_over", _("registered again from the previous edition")
    IMPORTED = "imported", _("imported from a spreadsheet")
    SELF_REGISTERED = "self_registered", _("registered by the firm itself through an invitation")
    LEAD_APPROVED = "lead_approved", _("approved by lead agency")
    REJECTED_BY_LEAD = "rejected_by_lead", _("rejected by lead agency")
    RETURNED_BY_LEAD = "returned_by_lead", _("returned for correction by lead agency")
    SENT_BACK_BY_OFFICE = "sent_back_by_office", _("sent back to the lead agency by the office")
    REPORTED_BY_OFFICE = "reported_by_office", _("reported by the delegation office")
    CREDIT_CHECK = "credit_check", _("credit check recorded")
    BACKGROUND_CHECK = "background_check", _("background check recorded")
    PERSONAL_DATA_MASKED = "personal_data_masked", _("personal data masked")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("personal data exported unmasked")
    # A badge (BadgeEvent).
    BADGE_SET = "set", _("badge status recorded")
    HANDED_OVER = "handed_over", _("badges handed over")
    REUSED = "reused", _("earlier badge reused")
    OFFICIAL_IMPORT = "official_import", _("status from the official system")
    # A deal (DealEvent).
    RECORDED = "recorded", _("Recorded")
    CORRECTED = "corrected", _("Corrected")
    MOVED = "moved", _("Follow-up status changed")
    NOTE = "note", _("Follow-up note")
    RECOMPUTED = "recomputed", _("USD amount recomputed")
    # The exhibitor directory (ExhibitorEvent); ``imported`` and ``corrected`` as above.
    ADDED = "added", _("added to the directory")
    PROPOSED = "proposed", _("correction proposed")
    ACCEPTED = "accepted", _("correction accepted")
    REJECTED = "rejected", _("correction rejected")


class AuditEvent(models.Model):
    """One change to a subject: who, when, which kind, each field's before and after.

    Written by services only (``record``), never edited. A subclass adds the foreign key to
    its subject and says how its changes read: ``changes_of`` (the models whose fields the
    changes name, for their labels and choices), ``change_labels`` for other names, and
    ``change_order`` for the order of the page (JSON keys keep no order in PostgreSQL).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what happened"), max_length=40, choices=EventKind)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    changes_of: ClassVar[tuple] = ()
    change_labels: ClassVar[dict] = {}
    change_order: ClassVar[list[str]] = []
    value_formats: ClassVar[dict[str, Callable]] = {}
    status_choices: ClassVar[type[models.TextChoices] | None] = None

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"

    @classmethod
    def read_value_as(cls, name: str, how: Callable) -> None:
        """How a value another app records here reads (apps depend one way: that app says it,
        from its ``ready``)."""
        cls.value_formats = {**cls.value_formats, name: how}

    def changes_models(self) -> tuple:
        """The models whose fields this entry's changes name."""
        return self.changes_of

    def change_lines(self, name: str, value) -> list[str] | None:
        """Lines for a change that is not a ``[before, after]`` pair of a field (``None``:
        read it as one); a subclass says how its own such changes read."""
        return None


class StatusEvent(AuditEvent):
    """An audit event of a subject with a status: where it moved from and to."""

    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)

    class Meta(AuditEvent.Meta):
        abstract = True
