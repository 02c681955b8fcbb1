"""Badge status per attendee, its history, the official layout per edition, the downloads."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delegations.audit.models import StatusEvent
from delegations.models import Delegation, Edition, SubDelegation


class BadgeStatus(models.TextChoices):
    """The official system's statuses (7th-edition guide) plus our own three."""

    NOT_APPLIED = "not_applied", _("not applied for")
    SUBMITTED = "submitted", _("registration submitted")
    IN_REVIEW = "in_review", _("in review")
    REJECTED = "rejected", _("rejected in review")
    IN_PRODUCTION = "in_production", _("being made")
    READY = "ready", _("ready for collection")
    POSTED = "posted", _("posted")
    HANDED_OVER = "handed_over", _("handed to the person")
    LOST = "lost", _("lost, being reissued")


# Applied for and still on its way through the official system.
APPLIED = (
    BadgeStatus.SUBMITTED,
    BadgeStatus.IN_REVIEW,
    BadgeStatus.IN_PRODUCTION,
    BadgeStatus.READY,
    BadgeStatus.POSTED,
    BadgeStatus.HANDED_OVER,
    BadgeStatus.LOST,
)
# Badges the office holds or has sent, ready to go to the person.
DISTRIBUTABLE = (BadgeStatus.READY, BadgeStatus.POSTED)


class Badge(models.Model):
    """An attendee's badge for the edition. No row is the same as "not applied for"."""

    attendee = models.OneToOneField(
        "purchasers.Attendee",
        verbose_name=_("attendee"),
        on_delete=models.CASCADE,
        related_name="badge",
    )
    status = models.CharField(
        _("badge status"),
        max_length=20,
        choices=BadgeStatus,
        default=BadgeStatus.NOT_APPLIED,
    )
    status_since = models.DateTimeField(_("status since"))
    tracking_number = models.CharField(_("tracking number"), max_length=50, blank=True)
    pickup_place = models.CharField(_("pick-up place"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # The earlier edition's badge this one reuses (旧证复用), when the official rules allow it.
    reuses = models.ForeignKey(
        "self",
        verbose_name=_("reuses the badge of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the partial index below
    )

    class Meta:
        app_label = "purchasers"
        # No index on the status: every read of it comes through the attendees of a scope,
        # and with nine values it would select little; each badge an import creates paid
        # for two (a seventh of the import's write). The earlier badge a badge reuses is
        # looked up only when that one goes (SET NULL), and only a few have one: the index
        # holds those alone, and a new badge, reusing nothing, costs it nothing.
        indexes = [
            models.Index(
                fields=["reuses"],
                name="purchasers_badge_reuses",
                condition=models.Q(reuses__isnull=False),
            )
        ]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")

    def __str__(self) -> str:
        return f"{self.attendee_id} {self.status}"


class BadgeEvent(StatusEvent):
    """One change to a badge: who, when, what. Written by services, never edited.

    The one history table written thousands of rows at a time (a season's status file is
    7,000 people), kept the way django-pghistory keeps its event tables: the references
    without database constraints and only the index the pages read by (a badge's own
    history). Each of the 7,000 rows otherwise paid a constraint check on the badge and on
    the user and two more index entries, about a third of the import's writing. The entries
    are written in the same statement as the badges they name (from the ids it returns);
    Django's PROTECT still refuses to delete a badge or a user they name; no page lists
    them by user or by time across badges.
    """

    badge = models.ForeignKey(
        Badge,
        verbose_name=_("badge"),
        on_delete=models.PROTECT,
        related_name="events",
        db_constraint=False,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    changes_of = (Badge,)
    change_order = ["tracking_number", "pickup_place"]
    status_choices = BadgeStatus

    class Meta(StatusEvent.Meta):
        app_label = "purchasers"
        verbose_name = _("badge history entry")
        verbose_name_plural = _("badge history")

    def __str__(self) -> str:
        return f"{self.badge_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class OfficialLayout(models.Model):
    """The official system's batch layout for an edition, as the national administrator
    declared it: ``columns`` is a list of ``{"header", "field", "format"}`` in order,
    ``id_type_codes`` maps our ID document types to the official codes."""

    edition = models.OneToOneField(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    columns = models.JSONField(_("columns"), default=list)
    id_type_codes = models.JSONField(_("official ID type codes"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        app_label = "purchasers"
        verbose_name = _("official layout")
        verbose_name_plural = _("official layouts")

    def __str__(self) -> str:
        return str(self.edition)


class OfficialExport(models.Model):
    """A download of the official-layout workbook, with full ID numbers: who, when, how many."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+"
    )
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="+"
    )
    sub_delegation = models.ForeignKey(
        SubDelegation,
        verbose_name=_("sub-delegation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    registrations = models.PositiveIntegerField(_("registrations"))
    people = models.PositiveIntegerField(_("people"))

    class Meta:
        app_label = "purchasers"
        ordering = ["-at", "-pk"]
        verbose_name = _("official export")
        verbose_name_plural = _("official exports")

    def __str__(self) -> str:
        return f"{self.by_id} {self.at:%Y-%m-%d %H:%M} {self.people}"
