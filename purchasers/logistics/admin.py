"""The stay's models in the admin; rosters sent are the record of what went out: read-only."""

from django.contrib import admin

from delegations.readonly_admin import RecordAdmin

from .models import (
    AttendeePlan,
    Bus,
    BusSeat,
    Hotel,
    Journey,
    Publication,
    RoomBlock,
    RosterSend,
    Stay,
    TravelGroup,
)


@admin.register(Hotel)
class HotelAdmin(admin.ModelAdmin):
    list_display = ["name", "delegation", "address"]
    search_fields = ["name", "address", "delegation__name"]


@admin.register(RoomBlock)
class RoomBlockAdmin(admin.ModelAdmin):
    list_display = ["hotel", "night", "room_type", "rooms", "rate"]
    list_filter = ["room_type"]
    search_fields = ["hotel__name"]


@admin.register(TravelGroup)
class TravelGroupAdmin(admin.ModelAdmin):
    list_display = ["number", "direction", "departs_at", "from_place", "to_place", "seats"]
    search_fields = ["number", "from_place", "to_place", "delegation__name"]


@admin.register(Bus)
class BusAdmin(admin.ModelAdmin):
    list_display = ["name", "day", "capacity", "delegation"]
    search_fields = ["name", "route", "delegation__name"]


@admin.register(AttendeePlan)
class AttendeePlanAdmin(admin.ModelAdmin):
    list_display = ["attendee", "sub_delegation", "meals", "updated_at", "sent_at"]
    search_fields = ["attendee__name", "attendee__registration__name"]
    raw_id_fields = ["attendee", "updated_by"]


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ["plan", "direction", "number", "departs_at", "ticket"]
    search_fields = ["number", "plan__attendee__name"]
    raw_id_fields = ["plan", "group"]


@admin.register(Stay)
class StayAdmin(admin.ModelAdmin):
    list_display = ["plan", "hotel", "room_type", "check_in", "check_out"]
    search_fields = ["hotel__name", "plan__attendee__name"]
    raw_id_fields = ["plan", "shares_with"]


@admin.register(BusSeat)
class BusSeatAdmin(admin.ModelAdmin):
    list_display = ["plan", "bus", "day"]
    search_fields = ["bus__name", "plan__attendee__name"]
    raw_id_fields = ["plan", "bus"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["delegation", "published_at", "published_by"]
    search_fields = ["delegation__name"]


@admin.register(RosterSend)
class RosterSendAdmin(RecordAdmin):
    list_display = ["kind", "key", "delegation", "full_numbers", "sent_by", "sent_at"]
    list_filter = ["kind", "full_numbers"]
    search_fields = ["key", "delegation__name", "sent_by__username"]
