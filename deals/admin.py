from django.contrib import admin

from .models import Deal, Exhibitor


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "zone", "booth", "edition"]
    list_filter = ["edition", "zone", "country"]
    search_fields = ["name", "name_en", "country", "products"]


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ["registration", "exhibitor_name", "zone", "amount", "currency", "amount_usd"]
    list_filter = ["zone", "currency", "at_signing_ceremony", "registration__edition"]
    search_fields = ["registration__purchaser__name", "exhibitor_name", "product"]
    autocomplete_fields = ["registration", "exhibitor", "recorded_by"]
    date_hierarchy = "signed_on"
