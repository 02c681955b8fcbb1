from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _


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


class User(AbstractUser):
    """A person using the product. The role and unit decide what they see.

    Users keep their role from one edition to the next: a unit's scope follows the unit.
    """

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("organiser (delegation office)")
        LEAD = "lead", _("sub-delegation lead")
        REGISTRANT = "registrant", _("registrant staff")
        NATIONAL_VIEWER = "national_viewer", _("national viewer")
        NATIONAL_ADMIN = "national_admin", _("national administrator (expo bureau)")
        BACKGROUND_CHECKER = "background_checker", _("background checker (public security)")
        CREDIT_CHECKER = "credit_checker", _("credit checker (market regulation)")

    role = models.CharField(_("role"), max_length=20, choices=Role, blank=True)
    unit = models.ForeignKey(
        MemberUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails the user receives; set by the language switch."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["", "national_viewer", "national_admin"])
                | Q(unit__isnull=False),
                name="unit_roles_have_a_unit",
            )
        ]

    @property
    def display_full_name(self) -> str:
        return f"{self.last_name}{self.first_name}" or self.username


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


class SetupEvent(models.Model):
    """One change to a delegation's set-up (or an edition): who, when, before and after.

    Written by the set-up services only, like the registration and deal histories.
    """

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
    actor = models.ForeignKey(
        "User", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=40)
    subject = models.CharField(_("what"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    ACTIONS = {
        "edition_created": _("edition created"),
        "edition_changed": _("edition changed"),
        "delegation_created": _("delegation created"),
        "copied_forward": _("started from the last edition"),
        "registration_opened": _("registration opened"),
        "sub_delegation_created": _("sub-delegation created"),
        "sub_delegation_changed": _("sub-delegation changed"),
        "lead_agency_created": _("lead agency created"),
        "lead_agency_changed": _("lead agency changed"),
        "unit_added": _("member unit added"),
        "unit_changed": _("member unit changed"),
        "account_invited": _("account invited"),
        "account_deactivated": _("account deactivated"),
        "account_reset": _("password reset"),
        "rate_set": _("exchange rate set"),
    }

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("set-up history entry")
        verbose_name_plural = _("set-up history")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject}"

    @property
    def action_label(self) -> str:
        return str(self.ACTIONS.get(self.action, self.action))
