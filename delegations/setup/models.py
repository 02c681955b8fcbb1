"""Editions, zones, regions, member units, delegations, sub-delegations, lead agencies and
the set-up history."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from ..audit.models import AuditEvent


class BilingualNameMixin:
    """Records named in Chinese and English show the name of the active language."""

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Edition(BilingualNameMixin, models.Model):
    """One yearly China International Import Expo (第N届进博会)."""

    number = models.PositiveSmallIntegerField(_("edition number"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    venue = models.CharField(_("venue"), max_length=200, default="国家会展中心（上海）")
    venue_en = models.CharField(
        _("venue (English)"),
        max_length=200,
        default="National Exhibition and Convention Center (Shanghai)",
    )
    national_intended_usd = models.DecimalField(
        _("national intended deals (USD, one-year basis)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The total announced by the organisers for the whole expo."),
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("expo edition")
        verbose_name_plural = _("expo editions")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="edition_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(national_intended_usd__gte=0) | Q(national_intended_usd__isnull=True),
                name="edition_national_total_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_name)

    @property
    def name(self) -> str:
        return f"第{self.number}届进博会"

    @property
    def name_en(self) -> str:
        return f"CIIE {self.number} ({self.year})"

    def previous(self) -> "Edition | None":
        return Edition.objects.filter(number__lt=self.number).order_by("-number").first()


class Zone(BilingualNameMixin, models.Model):
    """The six exhibition zones of the business exhibition; fixed data from a migration."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("exhibition zone")
        verbose_name_plural = _("exhibition zones")

    def __str__(self) -> str:
        return str(self.display_name)


class Region(BilingualNameMixin, models.Model):
    """A province-level administrative region, coded by GB/T 2260."""

    code = models.CharField(_("GB/T 2260 code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[1-8]\d0000$"), name="region_code")
        ]

    def __str__(self) -> str:
        return str(self.display_name)


class MemberUnit(BilingualNameMixin, models.Model):
    """A government department or body; it keeps its identity from one edition to the next.

    Its liaison officer (联络员) is the person reminders go to.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government department")
        BODY = "body", _("public body or association")
        ENTERPRISE = "enterprise", _("enterprise")
        DISTRICT = "district", _("district or city government")

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="units",
        null=True,
        blank=True,
        help_text=_("Empty for national bodies."),
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.GOVERNMENT)
    liaison_name = models.CharField(_("liaison officer"), max_length=50, blank=True)
    liaison_phone = models.CharField(_("liaison phone"), max_length=30, blank=True)
    liaison_email = models.EmailField(_("liaison email"), blank=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_name_unique_in_region"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(region__isnull=True), name="national_unit_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_name)


class Delegation(BilingualNameMixin, models.Model):
    """A trading delegation (交易团): one per region and edition, plus a few national ones."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="delegations"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="delegations",
        null=True,
        blank=True,
        help_text=_("Empty for a national delegation."),
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    office_unit = models.ForeignKey(
        MemberUnit,
        verbose_name=_("office unit"),
        on_delete=models.PROTECT,
        related_name="offices",
        help_text=_(
            "The unit where the leading group's office sits, e.g. the commerce department."
        ),
    )
    member_units = models.ManyToManyField(
        MemberUnit, verbose_name=_("member units"), related_name="delegations", blank=True
    )
    office_contact_name = models.CharField(_("office contact"), max_length=50, blank=True)
    office_contact_phone = models.CharField(_("office phone"), max_length=30, blank=True)
    registration_contact_name = models.CharField(
        _("registration contact"), max_length=50, blank=True
    )
    registration_contact_phone = models.CharField(
        _("registration contact phone"), max_length=30, blank=True
    )
    office_email = models.EmailField(_("office email"), blank=True)
    registration_open = models.BooleanField(
        _("registration open"),
        default=True,
        help_text=_(
            "Off while the office drafts the edition's structure: staff cannot register yet."
        ),
    )

    class Meta:
        ordering = ["-edition__number", "region__code", "name"]
        verbose_name = _("trading delegation")
        verbose_name_plural = _("trading delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "region"],
                condition=Q(region__isnull=False),
                name="one_delegation_per_region_and_edition",
            ),
            models.UniqueConstraint(fields=["edition", "name"], name="delegation_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} · {self.edition}"


class SubDelegation(BilingualNameMixin, models.Model):
    """A sub-delegation (交易分团): a working group of a delegation."""

    class Kind(models.TextChoices):
        SECTOR = "sector", _("by sector")
        DISTRICT = "district", _("by district")
        STATE_OWNED = "state_owned", _("state-owned enterprises")
        PARTNER_GROUP = "partner_group", _("partner purchasing group")
        OTHER = "other", _("other")

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="sub_delegations",
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SECTOR)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    shared_review = models.BooleanField(
        _("co-leads review together"),
        default=False,
        help_text=_(
            "When off, each lead agency of a co-led sub-delegation reviews the registrations "
            "of its own focus only."
        ),
    )
    continues = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        help_text=_(
            "The sub-delegation of the previous edition this one carries on, whatever its "
            "name: year-on-year and accumulated figures follow this link."
        ),
    )

    class Meta:
        ordering = ["delegation", "sort_order", "name"]
        verbose_name = _("sub-delegation")
        verbose_name_plural = _("sub-delegations")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "name"], name="sub_delegation_unique")
        ]

    def __str__(self) -> str:
        return str(self.display_name)

    @property
    def target(self) -> int:
        return sum(agency.target for agency in self.lead_agencies.all())


class LeadAgency(models.Model):
    """A lead agency (牵头单位) of a sub-delegation, with its own target and focus.

    A sub-delegation may have several (Qinghai's 卫生分团: 卫生健康委 brings 10 hospitals,
    药品监管局 20 firms). A target that units hold jointly (工业分团: 工业和信息化厅 with
    国资委, 15 firms together) is one lead agency with several units.
    """

    sub_delegation = models.ForeignKey(
        SubDelegation,
        verbose_name=_("sub-delegation"),
        on_delete=models.CASCADE,
        related_name="lead_agencies",
    )
    units = models.ManyToManyField(
        MemberUnit, verbose_name=_("units"), related_name="lead_agencies"
    )
    target = models.PositiveIntegerField(
        _("target"), help_text=_("The least number of purchaser organisations to bring.")
    )
    focus = models.CharField(_("focus"), max_length=200, blank=True)
    focus_en = models.CharField(_("focus (English)"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sub_delegation", "sort_order", "pk"]
        verbose_name = _("lead agency")
        verbose_name_plural = _("lead agencies")
        constraints = [models.CheckConstraint(condition=Q(target__gt=0), name="target_positive")]

    def __str__(self) -> str:
        separator = pgettext("list separator", ", ")
        return separator.join(unit.display_name for unit in self.units.all()) or f"#{self.pk}"

    @property
    def display_focus(self) -> str:
        if (get_language() or "").startswith("en") and self.focus_en:
            return self.focus_en
        return self.focus


class SetupEvent(AuditEvent):
    """One change to a delegation's set-up (or an edition), its deadlines, reminder rules
    and exchange rates: who, when, before and after. Written by the services only."""

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="setup_events",
        null=True,
        blank=True,
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="setup_events",
        null=True,
        blank=True,
    )
    subject = models.CharField(_("what"), max_length=300)

    changes_of = (Edition, Delegation, SubDelegation, LeadAgency, MemberUnit)
    change_order = ["kind", "due_on", "note", "steps", "active"]
    change_labels = {
        "rate": _("exchange rate"),
        "units": _("member units"),
        "sub_delegations": _("sub-delegations"),
        # The ownership list's entries (``purchasers.ownership``).
        "name_en": _("name (English)"),
        "position": _("position in the list"),
        "offered": _("offered"),
    }

    class Meta(AuditEvent.Meta):
        ordering = ["-at", "-pk"]
        verbose_name = _("set-up history entry")
        verbose_name_plural = _("set-up history")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.subject}"

    def changes_models(self) -> tuple:
        if self.kind.startswith("account_"):
            return (apps.get_model(settings.AUTH_USER_MODEL),)
        if self.kind.startswith(("deadline_", "reminder_rule_")):
            # The deadlines' models build on these: found by name, not imported.
            return (
                apps.get_model("delegations", "Deadline"),
                apps.get_model("delegations", "ReminderRule"),
            )
        return self.changes_of
