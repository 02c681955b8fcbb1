from django.contrib import admin

from .models import (
    Deal,
    DealEvent,
    ExchangeRate,
    Exhibitor,
    ExhibitorEvent,
    ExhibitorProposal,
    FollowUpNote,
    Meeting,
    ProcurementNeed,
)
from .rollups.models import (
    ExportJob,
    RollupDirty,
    RollupDirtyRegistration,
    RollupPart,
    RollupRow,
    RollupRun,
)


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "zone", "booth", "edition"]
    list_filter = ["edition", "zone", "country"]
    search_fields = ["name", "name_en", "country", "products"]


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ["registration", "exhibitor_name", "zone", "amount", "currency", "amount_usd"]
    list_filter = ["zone", "currency", "at_signing_ceremony", "registration__edition"]
    search_fields = ["registration__name", "exhibitor_name", "product"]
    autocomplete_fields = ["registration", "exhibitor", "recorded_by"]
    date_hierarchy = "signed_on"


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["delegation", "currency", "usd_rate", "set_by", "updated_at"]
    list_filter = ["currency", "delegation__edition"]


@admin.register(DealEvent)
class DealEventAdmin(admin.ModelAdmin):
    # History is written by the services only.
    list_display = ["deal", "action", "version", "actor", "at"]
    readonly_fields = [f.name for f in DealEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExhibitorEvent)
class ExhibitorEventAdmin(admin.ModelAdmin):
    # The directory's history is written by the services only.
    list_display = ["exhibitor", "action", "actor", "at"]
    search_fields = ["exhibitor__name", "action"]
    readonly_fields = [f.name for f in ExhibitorEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExhibitorProposal)
class ExhibitorProposalAdmin(admin.ModelAdmin):
    # Decided on /deals/exhibitors/proposals/ through the service, which applies it.
    list_display = ["exhibitor", "status", "proposed_by", "proposed_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["exhibitor__name"]
    readonly_fields = [f.name for f in ExhibitorProposal._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProcurementNeed)
class ProcurementNeedAdmin(admin.ModelAdmin):
    list_display = ["registration", "zone", "product", "budget", "budget_currency"]
    list_filter = ["zone"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["need", "exhibitor", "status", "meets_on"]
    list_filter = ["status"]


@admin.register(FollowUpNote)
class FollowUpNoteAdmin(admin.ModelAdmin):
    list_display = ["deal", "noted_on", "author", "created_at"]
    list_filter = ["noted_on"]
    search_fields = ["text", "deal__registration__name", "deal__exhibitor_name"]
    autocomplete_fields = ["deal", "author"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Computed by the roll-up job and the export tasks: looked at, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RollupRow)
class RollupRowAdmin(ReadOnlyAdmin):
    list_display = ["level", "edition", "delegation", "sub_delegation", "zone", "country"]
    list_filter = ["level", "edition", "zone"]
    search_fields = ["delegation__name", "sub_delegation__name", "country"]


@admin.register(RollupDirty)
class RollupDirtyAdmin(ReadOnlyAdmin):
    list_display = ["edition", "marked_at"]
    search_fields = ["edition__number"]


@admin.register(RollupDirtyRegistration)
class RollupDirtyRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["registration_id", "marked_at"]
    search_fields = ["registration_id"]


@admin.register(RollupPart)
class RollupPartAdmin(ReadOnlyAdmin):
    list_display = ["registration_id", "edition_id", "zone_id", "country", "deals", "total_usd"]
    search_fields = ["registration_id", "country"]


@admin.register(RollupRun)
class RollupRunAdmin(ReadOnlyAdmin):
    list_display = ["kind", "started_at", "finished_at", "rows_created", "rows_updated"]
    list_filter = ["kind"]
    search_fields = ["kind"]


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ["requested_by", "edition", "delegation", "status", "created_at"]
    list_filter = ["status", "edition"]
    search_fields = ["requested_by__username", "delegation__name"]


# What the leading group reads (issue 19).
from .bulletins import admin as _bulletin_admin  # noqa: E402, F401
