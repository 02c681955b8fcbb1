from django.contrib import admin

from delegations.readonly_admin import ReadOnlyAdmin

from .models import Exhibitor, ExhibitorEvent, ExhibitorProposal


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "zone", "booth", "edition"]
    list_filter = ["edition", "zone", "country"]
    search_fields = ["name", "name_en", "country", "products"]


@admin.register(ExhibitorEvent)
class ExhibitorEventAdmin(admin.ModelAdmin):
    # The directory's history is written by the services only.
    list_display = ["exhibitor", "kind", "actor", "at"]
    search_fields = ["exhibitor__name", "kind"]
    readonly_fields = [f.name for f in ExhibitorEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExhibitorProposal)
class ExhibitorProposalAdmin(ReadOnlyAdmin):
    # Decided on /deals/exhibitors/proposals/ through the service, which applies it.
    list_display = ["exhibitor", "status", "proposed_by", "proposed_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["exhibitor__name"]
    readonly_fields = [f.name for f in ExhibitorProposal._meta.fields]
