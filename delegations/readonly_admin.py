"""Admin bases for rows the product computes or records itself: looked at, never edited."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Computed or decided through the services: never added or changed by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecordAdmin(ReadOnlyAdmin):
    """The record of who did or sent what: not deleted either, even by a superuser."""

    def has_delete_permission(self, request, obj=None):
        return False
