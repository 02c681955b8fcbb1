from django.contrib import admin

from .models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["delegation", "currency", "usd_rate", "set_by", "updated_at"]
    list_filter = ["currency", "delegation__edition"]
