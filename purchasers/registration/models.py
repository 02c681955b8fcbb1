from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from delegations.audit.models import StatusEvent
from delegations.models import Edition, LeadAgency, MemberUnit, Region, SubDelegation
from delegations.validators import validate_credit_code

from ..ownership.models import Ownership
from .fields import ATTENDEE_FIELDS, FIRM_FIELDS


class CheckStatus(models.TextChoices):
    """Where a check by another department (public security, market regulation) stands."""

    PENDING = "pending", _("pending")
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")


class FirmDetails(models.Model):
    """What a registrant says about a firm: its name, type, ownership, where it is and whom
    to call.

    A registration keeps these as they were registered (another delegation or a later
    edition registering the same firm never changes them); the purchaser keeps the latest
    known ones, to start a new registration of the firm from.
    """

    class Kind(models.TextChoices):
        WHOLESALE_RETAIL = "wholesale_retail", _("wholesale or retail firm")
        IMPORT_TRADER = "import_trader", _("import trader")
        TRADING_CENTRE = "trading_centre", _("trading centre")
        DISTRIBUTOR = "distributor", _("distributor or agent")
        ECOMMERCE = "ecommerce", _("e-commerce firm")
        CAR_DEALER = "car_dealer", _("car dealer")
        MANUFACTURER = "manufacturer", _("manufacturer (end user)")
        SERVICE_FIRM = "service_firm", _("service firm (end user)")
        HOSPITAL = "hospital", _("hospital or medical institution")
        SCHOOL = "school", _("school or university")
        RESEARCH = "research", _("research institute")
        CULTURE_TOURISM = "culture_tourism", _("cultural or tourism body")
        AGRICULTURE = "agriculture", _("farming body")
        ENVIRONMENT = "environment", _("environmental body")
        ASSOCIATION = "association", _("industry association")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(_("purchaser type"), max_length=30, choices=Kind)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    ownership = models.ForeignKey(
        "purchasers.Ownership",
        verbose_name=_("ownership"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    class Meta:
        abstract = True


class Purchaser(FirmDetails):
    """A purchaser organisation (采购商), identified across editions and delegations by its
    unified social credit code. Its details are the latest known ones (those of its
    registration in the latest edition): what each registration registered is on the
    registration."""

    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("purchaser")
        verbose_name_plural = _("purchasers")

    def __str__(self) -> str:
        return self.name


class Registration(FirmDetails):
    """A purchaser registered in a sub-delegation for one edition, with the firm's details
    as this registration gives them.

    A firm comes once per edition across the whole system: ``edition`` is copied from the
    sub-delegation so that the database can say so.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        LEAD_APPROVED = "lead_approved", _("approved by lead agency")
        REPORTED = "reported", _("reported by office")
        REJECTED = "rejected", _("rejected")

    purchaser = models.ForeignKey(
        Purchaser,
        verbose_name=_("purchaser"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+"
    )
    sub_delegation = models.ForeignKey(
        SubDelegation,
        verbose_name=_("sub-delegation"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    lead_agency = models.ForeignKey(
        LeadAgency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="registrations",
        help_text=_("Whose target the purchaser counts towards."),
    )
    # A firm that registered itself: the link it came through (None: registered by staff).
    invitation = models.ForeignKey(
        "purchasers.Invitation",
        verbose_name=_("self-registered through"),
        on_delete=models.PROTECT,
        related_name="registrations",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        MemberUnit,
        verbose_name=_("registering unit"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Market regulation's check of the firm's credit record, for this edition's registration.
    credit_check = models.CharField(
        _("credit check"), max_length=10, choices=CheckStatus, default=CheckStatus.PENDING
    )
    credit_check_note = models.TextField(_("credit check note"), blank=True)
    credit_check_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("credit checked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    credit_check_at = models.DateTimeField(_("credit checked at"), null=True, blank=True)
    # What the official form asks in 万元: kept in yuan, shown as the official layout says.
    registered_capital = models.DecimalField(
        _("registered capital (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["purchaser", "edition"], name="purchaser_once_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.sub_delegation}"

    def save(self, *args, **kwargs):
        self.edition_id = self.sub_delegation.delegation.edition_id
        super().save(*args, **kwargs)

    @property
    def credit_code(self) -> str:
        """The firm's identity: fixed once the registration has been submitted."""
        return self.purchaser.credit_code


class Attendee(models.Model):
    """A person a purchaser sends (参会人员, professional visitor). Personal data."""

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("resident ID card")
        PASSPORT = "passport", _("passport")
        HK_MACAO_PERMIT = "hk_macao_permit", _("Hong Kong/Macao residents' permit")
        TAIWAN_PERMIT = "taiwan_permit", _("Taiwan residents' permit")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendees",
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("full name"), max_length=50)
    id_type = models.CharField(
        _("ID document"), max_length=20, choices=IdType, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("ID number"), max_length=30)
    phone = models.CharField(_("mobile"), max_length=30)
    email = models.EmailField(_("email"), blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    # Public security's background check of the person.
    background_check = models.CharField(
        _("background check"), max_length=10, choices=CheckStatus, default=CheckStatus.PENDING
    )
    background_check_note = models.TextField(_("background check note"), blank=True)
    background_check_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("background checked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    background_check_at = models.DateTimeField(_("background checked at"), null=True, blank=True)
    # When the ID and phone numbers were replaced by their masked form, the retention
    # period after the edition having passed (purchasers.registration.retention).
    personal_data_masked_at = models.DateTimeField(
        _("personal data masked at"), null=True, blank=True
    )

    class Meta:
        ordering = ["registration", "pk"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            # Masked numbers may coincide; a person is told apart only while unmasked.
            models.UniqueConstraint(
                fields=["edition", "id_type", "id_number"],
                condition=models.Q(personal_data_masked_at__isnull=True),
                name="attendee_once_per_edition",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.edition_id = self.registration.edition_id
        super().save(*args, **kwargs)

    @property
    def masked_id_number(self) -> str:
        return Attendee.mask(self.id_number)

    @staticmethod
    def mask(n: str) -> str:
        """Enough to tell two people apart on a list, not enough to misuse."""
        return n[:3] + "*" * max(len(n) - 7, 0) + n[-4:] if len(n) > 7 else "*" * len(n)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


def mask_phone(phone: str) -> str:
    """139****0001: the operator and the last digits, as a list may show them."""
    digits = phone or ""
    if "*" in digits:
        return digits
    return (
        digits[:3] + "*" * max(len(digits) - 7, 0) + digits[-4:]
        if len(digits) > 7
        else ("*" * len(digits))
    )


def _attendee_field_label(name: str) -> str:
    try:
        return capfirst(Attendee._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _before_after(diff: list) -> str:
    before, after = (v if v not in (None, "") else "—" for v in diff)
    return f"{before} → {after}"


def _ownership_name(code: str) -> str:
    """An ownership the history keeps by its code, by its name in the reader's language."""
    found = Ownership.objects.filter(code=code).first()
    return found.display_name if found else code


class RegistrationEvent(StatusEvent):
    """One change to a registration: who, when, what. Written by services, never edited.

    ``changes`` maps a field (or ``attendees``) to ``[before, after]``; a status change also
    fills ``from_status`` and ``to_status``, with the reviewer's ``reason`` where one is due.
    """

    # History is never cascaded away: a registration with history cannot be deleted.
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="events",
    )

    changes_of = (Registration, Purchaser)
    change_labels = {"confirmed_email": _("Confirmed email")}
    value_formats = {"ownership": _ownership_name}
    # JSON keeps no key order in PostgreSQL: the firm's fields as declared, then the rest.
    change_order = [
        *FIRM_FIELDS.names,
        "sub_delegation",
        "lead_agency",
        "edition",
        "attendees",
        "row",
    ]
    status_choices = Registration.Status

    class Meta(StatusEvent.Meta):
        verbose_name = _("registration history entry")
        verbose_name_plural = _("registration history")

    def __str__(self) -> str:
        return f"{self.registration_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def change_lines(self, name: str, value) -> list[str] | None:
        if name == "row":
            return [gettext("From row %(row)s of the spreadsheet.") % {"row": value}]
        if name in ("source", "tier"):
            # Older imports said only where they came from (the row says it now); the tier
            # is said by the kind.
            return []
        if name == "attendees" and not isinstance(value, dict):
            # Older imports kept only the count: ``[None, n]``.
            count = value[-1] if isinstance(value, list) and value else value
            return [gettext("Attendees: %(count)s") % {"count": count}]
        if name == "attendees":
            lines = [
                gettext("Attendee added: %(who)s") % {"who": w} for w in value.get("added", [])
            ]
            lines += [
                gettext("Attendee removed: %(who)s") % {"who": w} for w in value.get("removed", [])
            ]
            for who, diff in value.get("changed", {}).items():
                parts = "; ".join(
                    f"{_attendee_field_label(field)}: {_before_after(pair)}"
                    for field, pair in sorted(
                        diff.items(), key=lambda kv: ATTENDEE_FIELDS.order(kv[0])
                    )
                )
                lines.append(
                    gettext("Attendee %(who)s changed: %(what)s") % {"who": who, "what": parts}
                )
            return lines
        return None
