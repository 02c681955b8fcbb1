from django.contrib import admin

from delegations.readonly_admin import RecordAdmin

from .models import Badge, BadgeEvent, OfficialExport, OfficialLayout


@admin.register(Badge)
class BadgeAdmin(RecordAdmin):
    """Badges change through the services (pages, API, status import), never here."""

    list_display = ["attendee", "status", "status_since", "tracking_number"]
    list_filter = ["status"]
    search_fields = ["attendee__name", "attendee__registration__name", "tracking_number"]


@admin.register(BadgeEvent)
class BadgeEventAdmin(RecordAdmin):
    list_display = ["badge", "kind", "from_status", "to_status", "actor", "at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["badge__attendee__name", "actor__username"]


@admin.register(OfficialLayout)
class OfficialLayoutAdmin(RecordAdmin):
    """Edited on the national administrator's layout page, which checks each column."""

    list_display = ["edition", "updated_by", "updated_at"]
    search_fields = ["updated_by__username"]


@admin.register(OfficialExport)
class OfficialExportAdmin(RecordAdmin):
    list_display = ["at", "by", "delegation", "sub_delegation", "people"]
    search_fields = ["by__username", "delegation__name"]
