from django.contrib import admin

from .models import Ownership


@admin.register(Ownership)
class OwnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "position", "offered"]
    list_editable = ["position", "offered"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Registrations keep the ownership they chose: an entry is withdrawn, not deleted.
        return False
