from django.contrib import admin

from ..models import (
    Delegation,
    Edition,
    LeadAgency,
    MemberUnit,
    Region,
    SetupEvent,
    SubDelegation,
    Zone,
)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "opens_on", "closes_on", "national_intended_usd"]
    search_fields = ["number", "year"]
    list_filter = ["year"]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "sort_order"]
    search_fields = ["name", "name_en", "code"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(MemberUnit)
class MemberUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind", "liaison_name", "liaison_phone", "liaison_email"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "name_en", "liaison_name", "liaison_email"]
    autocomplete_fields = ["region"]


class SubDelegationInline(admin.TabularInline):
    model = SubDelegation
    extra = 0
    show_change_link = True


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "region", "office_unit"]
    list_filter = ["edition", "region"]
    search_fields = ["name", "name_en", "region__name"]
    autocomplete_fields = ["region", "office_unit", "member_units"]
    inlines = [SubDelegationInline]


class LeadAgencyInline(admin.TabularInline):
    model = LeadAgency
    extra = 0
    autocomplete_fields = ["units"]


@admin.register(SubDelegation)
class SubDelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "delegation", "kind", "sort_order", "shared_review"]
    list_filter = ["kind", "delegation__edition", "delegation__region"]
    search_fields = ["name", "name_en", "delegation__name"]
    autocomplete_fields = ["delegation"]
    inlines = [LeadAgencyInline]


@admin.register(LeadAgency)
class LeadAgencyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "sub_delegation", "target", "focus"]
    list_filter = ["sub_delegation__delegation__edition", "sub_delegation__delegation__region"]
    search_fields = ["units__name", "sub_delegation__name", "focus"]
    autocomplete_fields = ["sub_delegation", "units"]


@admin.register(SetupEvent)
class SetupEventAdmin(admin.ModelAdmin):
    """The set-up history: written by the services, read-only here."""

    list_display = ["at", "actor", "kind", "subject", "delegation", "edition"]
    list_filter = ["kind"]
    search_fields = ["subject", "reason", "actor__username", "delegation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
