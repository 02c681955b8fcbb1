from django.contrib import admin

from .models import Attendee, Purchaser, Registration, RegistrationEvent


@admin.register(Purchaser)
class PurchaserAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "kind", "industry", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "name_en", "credit_code", "contact_name"]


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    exclude = ["edition"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "sub_delegation", "lead_agency", "unit", "status"]
    list_filter = ["status", "edition", "sub_delegation__delegation"]
    search_fields = ["name", "purchaser__credit_code", "sub_delegation__name"]
    autocomplete_fields = ["purchaser", "sub_delegation", "lead_agency", "unit", "registered_by"]
    exclude = ["edition"]
    inlines = [AttendeeInline]


@admin.register(Attendee)
class AttendeeAdmin(admin.ModelAdmin):
    list_display = ["name", "registration", "id_type", "title"]
    list_filter = ["id_type", "edition"]
    search_fields = ["name", "id_number", "registration__name"]
    autocomplete_fields = ["registration"]
    exclude = ["edition"]


@admin.register(RegistrationEvent)
class RegistrationEventAdmin(admin.ModelAdmin):
    """History is read-only, even for superusers: it is the record of who did what."""

    list_display = ["registration", "kind", "from_status", "to_status", "actor", "at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["registration__name", "actor__username", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
