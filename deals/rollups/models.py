"""Roll-up rows: the figures organisers quote, stored so that pages never sum deals.

Written only by ``deals.rollups.services``; read by the dashboard and the totals exports.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation, Edition, SubDelegation, Zone


class RollupRow(models.Model):
    """Totals of the live (not cancelled) deals of one group at one level.

    ``previous_total_usd`` is the same group's total at the previous edition (the same
    region's delegation, the sub-delegation of the same name); ``accumulated_usd`` adds up
    the group's totals over every edition up to this one.
    """

    class Level(models.TextChoices):
        EDITION = "edition", _("edition")
        EDITION_ZONE = "edition_zone", _("edition by zone")
        EDITION_COUNTRY = "edition_country", _("edition by country")
        DELEGATION = "delegation", _("delegation")
        DELEGATION_ZONE = "delegation_zone", _("delegation by zone")
        DELEGATION_COUNTRY = "delegation_country", _("delegation by country")
        SUB_DELEGATION = "sub_delegation", _("sub-delegation")
        SUB_DELEGATION_ZONE = "sub_delegation_zone", _("sub-delegation by zone")
        SUB_DELEGATION_COUNTRY = "sub_delegation_country", _("sub-delegation by country")
        EDITION_OWNERSHIP = "edition_ownership", _("edition by ownership")
        DELEGATION_OWNERSHIP = "delegation_ownership", _("delegation by ownership")
        SUB_DELEGATION_OWNERSHIP = "sub_delegation_ownership", _("sub-delegation by ownership")
        EDITION_KIND = "edition_kind", _("edition by purchaser type")
        DELEGATION_KIND = "delegation_kind", _("delegation by purchaser type")
        SUB_DELEGATION_KIND = "sub_delegation_kind", _("sub-delegation by purchaser type")
        EDITION_CONTINENT = "edition_continent", _("edition by continent")
        DELEGATION_CONTINENT = "delegation_continent", _("delegation by continent")
        SUB_DELEGATION_CONTINENT = "sub_delegation_continent", _("sub-delegation by continent")

    level = models.CharField(_("level"), max_length=30, choices=Level)
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    sub_delegation = models.ForeignKey(
        SubDelegation,
        verbose_name=_("sub-delegation"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="+", null=True
    )
    country = models.CharField(_("exhibitor country or region"), max_length=100, blank=True)
    # The purchaser's ownership and organisation type, the exhibitor's continent: each set
    # at the levels by it only (no ownership: the purchasers that gave none).
    ownership = models.ForeignKey(
        "purchasers.Ownership",
        verbose_name=_("ownership"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
    )
    kind = models.CharField(_("purchaser type"), max_length=30, blank=True)
    continent = models.CharField(_("continent"), max_length=20, blank=True)
    deals = models.PositiveIntegerField(_("deals"), default=0)
    purchasers = models.PositiveIntegerField(_("purchasers with deals"), default=0)
    total_usd = models.DecimalField(_("total (USD)"), max_digits=20, decimal_places=2, default=0)
    purchasers_over_100m = models.PositiveIntegerField(
        _("purchasers above 100 million USD"), default=0
    )
    first_signed_on = models.DateField(_("first deal signed on"), null=True, blank=True)
    first_recorded_at = models.DateTimeField(_("first deal recorded at"), null=True, blank=True)
    previous_total_usd = models.DecimalField(
        _("previous edition (USD)"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    change_usd = models.DecimalField(
        _("change on the previous edition (USD)"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
    )
    change_percent = models.DecimalField(
        _("change on the previous edition (%)"),
        max_digits=32,
        decimal_places=2,
        null=True,
        blank=True,
    )
    accumulated_usd = models.DecimalField(
        _("accumulated over editions (USD)"), max_digits=22, decimal_places=2, default=0
    )
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        ordering = ["level", "-total_usd", "pk"]
        verbose_name = _("roll-up row")
        verbose_name_plural = _("roll-up rows")
        indexes = [
            models.Index(fields=["edition", "level", "delegation"], name="rollup_edition_level"),
            models.Index(fields=["delegation", "level"], name="rollup_delegation_level"),
            models.Index(fields=["sub_delegation", "level"], name="rollup_sub_level"),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.edition_id}/{self.delegation_id}/{self.sub_delegation_id}"


class RollupDirty(models.Model):
    """An edition whose deals changed since its roll-up rows were computed.

    The row exists while a refresh is pending: a change that finds it already there does
    not queue another refresh, which is how a burst of edits coalesces into one run.
    """

    edition = models.OneToOneField(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, primary_key=True
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("roll-up pending refresh")
        verbose_name_plural = _("roll-ups pending refresh")

    def __str__(self) -> str:
        return f"edition {self.edition_id} pending since {self.marked_at}"


class RollupDirtyRegistration(models.Model):
    """A purchaser (registration) whose deals changed since its share of the roll-ups was
    applied: the refresh recomputes its parts and adds the difference to each group.

    A plain id, not a foreign key: a registration deleted with its deals still has its share
    taken out of the totals.
    """

    registration_id = models.BigIntegerField(_("registration"), primary_key=True)
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    class Meta:
        verbose_name = _("purchaser pending refresh")
        verbose_name_plural = _("purchasers pending refresh")

    def __str__(self) -> str:
        return f"registration {self.registration_id} pending since {self.marked_at}"


class RollupPart(models.Model):
    """One purchaser's live deals in one zone and exhibitor country (with the purchaser's
    ownership and organisation type as its registration gives them): what its share of every
    roll-up row is computed from, kept so that a change to one purchaser's deals updates
    the groups it belongs to by difference, without re-reading anyone else's deals.

    The group columns are copied (plain ids): the part keeps saying which groups it was
    counted in after its registration is moved or deleted.
    """

    registration_id = models.BigIntegerField(_("registration"))
    edition_id = models.BigIntegerField(_("edition"))
    delegation_id = models.BigIntegerField(_("delegation"))
    sub_delegation_id = models.BigIntegerField(_("sub-delegation"))
    zone_id = models.BigIntegerField(_("zone"))
    country = models.CharField(_("exhibitor country or region"), max_length=100, blank=True)
    ownership_id = models.BigIntegerField(_("ownership"), null=True)
    kind = models.CharField(_("purchaser type"), max_length=30, blank=True)
    deals = models.PositiveIntegerField(_("deals"))
    total_usd = models.DecimalField(_("total (USD)"), max_digits=20, decimal_places=2)
    first_signed_on = models.DateField(_("first deal signed on"))
    first_recorded_at = models.DateTimeField(_("first deal recorded at"))

    class Meta:
        verbose_name = _("roll-up part")
        verbose_name_plural = _("roll-up parts")
        indexes = [
            models.Index(fields=["registration_id"], name="rollup_part_registration"),
            models.Index(fields=["edition_id", "delegation_id"], name="rollup_part_edition"),
        ]

    def __str__(self) -> str:
        return f"registration {self.registration_id} zone {self.zone_id} {self.country}"


class RollupRun(models.Model):
    """One run of the roll-up job, with the differences it found and corrected."""

    class Kind(models.TextChoices):
        FULL = "full", _("full recompute")
        REFRESH = "refresh", _("refresh after changes")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    editions = models.JSONField(_("editions"), default=list)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    rows_created = models.PositiveIntegerField(_("rows created"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    rows_deleted = models.PositiveIntegerField(_("rows deleted"), default=0)
    parts_corrected = models.PositiveIntegerField(
        _("purchaser parts corrected"),
        default=0,
        help_text=_("Purchasers' parts that differed from their deals (removed or added)."),
    )
    differences = models.JSONField(
        _("differences corrected"),
        default=list,
        help_text=_("Rows whose stored figures differed from the deals, as found."),
    )

    class Meta:
        ordering = ["-finished_at", "-pk"]
        get_latest_by = "finished_at"
        verbose_name = _("roll-up run")
        verbose_name_plural = _("roll-up runs")

    def __str__(self) -> str:
        return f"{self.kind} {self.finished_at:%Y-%m-%d %H:%M}"

    @property
    def corrected(self) -> int:
        return self.rows_created + self.rows_updated + self.rows_deleted + self.parts_corrected


class ExportJob(models.Model):
    """A totals report built in the background; its file is for the requester only
    (and the organisers of its delegation) and is removed after a while."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows to write"), default=0)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When its task was last handed to the broker (empty while the broker was down: the
    # sweep queues it then), which delivery of the task is building it, since when, and
    # how many times a build was started.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("totals export")
        verbose_name_plural = _("totals exports")

    def __str__(self) -> str:
        return f"export #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_done / self.rows_total))
