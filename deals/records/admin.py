from django.contrib import admin

from .models import Deal, DealEvent, FollowUpNote


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ["registration", "exhibitor_name", "zone", "amount", "currency", "amount_usd"]
    list_filter = ["zone", "currency", "at_signing_ceremony", "registration__edition"]
    search_fields = ["registration__name", "exhibitor_name", "product"]
    autocomplete_fields = ["registration", "exhibitor", "recorded_by"]
    date_hierarchy = "signed_on"


@admin.register(DealEvent)
class DealEventAdmin(admin.ModelAdmin):
    # History is written by the services only.
    list_display = ["deal", "kind", "version", "actor", "at"]
    readonly_fields = [f.name for f in DealEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FollowUpNote)
class FollowUpNoteAdmin(admin.ModelAdmin):
    list_display = ["deal", "noted_on", "author", "created_at"]
    list_filter = ["noted_on"]
    search_fields = ["text", "deal__registration__name", "deal__exhibitor_name"]
    autocomplete_fields = ["deal", "author"]
