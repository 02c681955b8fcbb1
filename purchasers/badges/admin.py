from django.contrib import admin

from .models import Badge, BadgeEvent, OfficialExport, OfficialLayout


class ReadOnlyAdmin(admin.ModelAdmin):
    """History and download records are the record of who did what: never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Badge)
class BadgeAdmin(ReadOnlyAdmin):
    """Badges change through the services (pages, API, status import), never here."""

    list_display = ["attendee", "status", "status_since", "tracking_number"]
    list_filter = ["status"]
    search_fields = ["attendee__name", "attendee__registration__name", "tracking_number"]


@admin.register(BadgeEvent)
class BadgeEventAdmin(ReadOnlyAdmin):
    list_display = ["badge", "kind", "from_status", "to_status", "actor", "at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["badge__attendee__name", "actor__username"]


@admin.register(OfficialLayout)
class OfficialLayoutAdmin(ReadOnlyAdmin):
    """Edited on the national administrator's layout page, which checks each column."""

    list_display = ["edition", "updated_by", "updated_at"]
    search_fields = ["updated_by__username"]


@admin.register(OfficialExport)
class OfficialExportAdmin(ReadOnlyAdmin):
    list_display = ["at", "by", "delegation", "sub_delegation", "people"]
    search_fields = ["by__username", "delegation__name"]
