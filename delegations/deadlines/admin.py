from django.contrib import admin

from ..models import Deadline, Reminder, ReminderRule
from ..readonly_admin import RecordAdmin


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["kind", "due_on", "edition", "delegation", "lead_agency", "set_by"]
    list_filter = ["kind", "edition"]
    search_fields = ["note", "delegation__name", "lead_agency__units__name"]
    autocomplete_fields = ["delegation", "lead_agency", "set_by"]


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["delegation", "kind", "steps", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["delegation__name"]


@admin.register(Reminder)
class ReminderAdmin(RecordAdmin):
    """The ledger that makes each reminder go out once: read-only."""

    list_display = [
        "kind",
        "delegation",
        "lead_agency",
        "deadline_kind",
        "step",
        "due_on",
        "status",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["recipients", "subject", "error", "delegation__name"]
