"""Invitations in the Django admin: read, search, and (for an invitation) revoke by date."""

from django.contrib import admin

from .models import FirmAccess, Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["name", "sub_delegation", "lead_agency", "unit", "expires_on", "revoked_at"]
    list_filter = ["sub_delegation__delegation"]
    search_fields = ["name", "code", "sub_delegation__name"]
    readonly_fields = ["token", "code", "issued_by", "created_at"]
    autocomplete_fields = ["sub_delegation", "lead_agency", "unit", "revoked_by"]


@admin.register(FirmAccess)
class FirmAccessAdmin(admin.ModelAdmin):
    """Who confirmed which registration; the status link itself is not kept."""

    list_display = ["email", "registration", "invitation", "confirmed_at"]
    search_fields = ["email", "registration__name", "invitation__name"]
    readonly_fields = [field.name for field in FirmAccess._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
