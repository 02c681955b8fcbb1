"""The admin of the roll-up rows and the export jobs; the concept packages' admins are
imported here so that Django finds them."""

from django.contrib import admin

from delegations.readonly_admin import ReadOnlyAdmin

from .bulletins import admin as _bulletins  # noqa: F401 (registers its models)
from .directory import admin as _directory  # noqa: F401 (registers its models)
from .needs import admin as _needs  # noqa: F401 (registers its models)
from .rates import admin as _rates  # noqa: F401 (registers its models)
from .records import admin as _records  # noqa: F401 (registers its models)
from .rollups.models import (
    ExportJob,
    RollupDirty,
    RollupDirtyRegistration,
    RollupPart,
    RollupRow,
    RollupRun,
)


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
