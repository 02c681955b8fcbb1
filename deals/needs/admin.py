from django.contrib import admin

from .models import Meeting, ProcurementNeed


@admin.register(ProcurementNeed)
class ProcurementNeedAdmin(admin.ModelAdmin):
    list_display = ["registration", "zone", "product", "budget", "budget_currency"]
    list_filter = ["zone"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["need", "exhibitor", "status", "meets_on"]
    list_filter = ["status"]
