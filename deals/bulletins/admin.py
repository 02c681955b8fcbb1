from django.contrib import admin

from .models import (
    Bulletin,
    BulletinDelivery,
    BulletinSchedule,
    ProgressReport,
    UnitReport,
    UnitReportEntry,
)


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ["delegation", "number", "status", "composed_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["delegation__name", "note"]


@admin.register(BulletinDelivery)
class BulletinDeliveryAdmin(admin.ModelAdmin):
    list_display = ["bulletin", "unit", "email", "status", "sent_at"]
    list_filter = ["status"]
    search_fields = ["unit__name", "email", "bulletin__delegation__name"]


@admin.register(BulletinSchedule)
class BulletinScheduleAdmin(admin.ModelAdmin):
    list_display = ["delegation", "weekday", "next_due_on", "active"]
    search_fields = ["delegation__name"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["delegation", "produced_at", "produced_by"]
    search_fields = ["delegation__name"]


@admin.register(UnitReport)
class UnitReportAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "delegation", "kind", "status", "posted_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "unit__name", "delegation__name"]


@admin.register(UnitReportEntry)
class UnitReportEntryAdmin(admin.ModelAdmin):
    list_display = ["report", "action", "author", "at"]
    search_fields = ["body", "report__title"]
