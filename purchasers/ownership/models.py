"""The ownership list (imported from ``purchasers.models``)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Ownership(models.Model):
    """One ownership a firm may have: 国有及国有控股, 民营, 外商投资... The bureau's list,
    the same for every delegation; an entry no longer offered stays on the registrations
    that chose it."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)
    offered = models.BooleanField(
        _("offered"),
        default=True,
        help_text=_("Offered on the forms and in the registration sheet."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language."""
        language = translation.get_language() or "zh-hans"
        return (self.name_en or self.name) if language.startswith("en") else self.name
