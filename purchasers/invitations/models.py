"""An invitation (a link and a short code) and the private access of each firm that used it.

The models belong to the purchasers app (imported from ``purchasers.models``).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delegations.models import LeadAgency, MemberUnit, SubDelegation


def token_hash(token: str) -> str:
    """What is stored of a private token: enough to find it, useless to open anything."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A link (and a short code to type) through which firms register themselves in one
    sub-delegation, counted towards one lead agency, registered by the inviting unit.

    The link is meant to be shared with many firms, so the issuer can copy it again: it is
    kept as issued. What one firm gets back (its status link) is private and kept hashed.
    """

    name = models.CharField(_("name"), max_length=200)
    sub_delegation = models.ForeignKey(
        SubDelegation,
        verbose_name=_("sub-delegation"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    lead_agency = models.ForeignKey(
        LeadAgency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    unit = models.ForeignKey(
        MemberUnit,
        verbose_name=_("inviting unit"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    token = models.CharField(_("link token"), max_length=64, unique=True)
    code = models.CharField(_("short code"), max_length=12, unique=True)
    expires_on = models.DateField(_("valid until"))
    max_firms = models.PositiveIntegerField(_("at most this many firms"), null=True, blank=True)
    credit_codes = models.JSONField(_("only these credit codes"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        app_label = "purchasers"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.name

    @property
    def expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def usable(self) -> bool:
        """Open to new firms: neither revoked nor past its date (the cap is counted apart)."""
        return self.revoked_at is None and not self.expired


class FirmAccess(models.Model):
    """A firm that registered itself through an invitation: its confirmed contact and the
    hash of its private status link, which opens this one registration and nothing else."""

    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.PROTECT,
        related_name="accesses",
    )
    registration = models.OneToOneField(
        "purchasers.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="firm_access",
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed contact"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    email = models.EmailField(_("confirmed email"))
    token_hash = models.CharField(_("status link hash"), max_length=64, unique=True)
    confirmed_at = models.DateTimeField(_("email confirmed at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        app_label = "purchasers"
        verbose_name = _("firm's own access")
        verbose_name_plural = _("firms' own access")

    def __str__(self) -> str:
        return self.email
