"""The people using the product, with their role and unit."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..setup.models import MemberUnit


class Role(models.TextChoices):
    """What a user does; it decides, with the unit, what they see."""

    ORGANISER = "organiser", _("organiser (delegation office)")
    LEAD = "lead", _("sub-delegation lead")
    REGISTRANT = "registrant", _("registrant staff")
    NATIONAL_VIEWER = "national_viewer", _("national viewer")
    NATIONAL_ADMIN = "national_admin", _("national administrator (expo bureau)")
    BACKGROUND_CHECKER = "background_checker", _("background checker (public security)")
    CREDIT_CHECKER = "credit_checker", _("credit checker (market regulation)")


class User(AbstractUser):
    """A person using the product. The role and unit decide what they see.

    Users keep their role from one edition to the next: a unit's scope follows the unit.
    """

    Role = Role

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
