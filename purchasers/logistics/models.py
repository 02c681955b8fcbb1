"""The delegation's stay in Shanghai (食、宿、行): hotels with room blocks, travel groups,
buses, and each attendee's plan (travel there and back, hotel stays, meals, bus seats).

The office declares what it has booked (hotels' room blocks per night, the trains and
flights it books together, buses per day) and assigns attendees to them through
``logistics.services``; the conflicts between them are refused there, with names.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation, SubDelegation


class Hotel(models.Model):
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="hotels"
    )
    name = models.CharField(_("hotel"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        app_label = "purchasers"
        ordering = ["name", "pk"]
        verbose_name = _("hotel")
        verbose_name_plural = _("hotels")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "name"], name="hotel_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class RoomType(models.TextChoices):
    SINGLE = "single", _("single room")
    TWIN = "twin", _("twin room")


# How many people a room of each type holds.
ROOM_BEDS = {RoomType.SINGLE: 1, RoomType.TWIN: 2}


class RoomBlock(models.Model):
    """Rooms of one type the delegation holds at a hotel for one night, at a rate."""

    hotel = models.ForeignKey(
        Hotel, verbose_name=_("hotel"), on_delete=models.CASCADE, related_name="blocks"
    )
    night = models.DateField(_("night"))
    room_type = models.CharField(_("room type"), max_length=10, choices=RoomType)
    rooms = models.PositiveIntegerField(_("rooms"))
    rate = models.DecimalField(_("rate per room-night (CNY)"), max_digits=10, decimal_places=2)

    class Meta:
        app_label = "purchasers"
        ordering = ["hotel", "night", "room_type"]
        verbose_name = _("room block")
        verbose_name_plural = _("room blocks")
        constraints = [
            models.UniqueConstraint(
                fields=["hotel", "night", "room_type"], name="room_block_once_per_night"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hotel} {self.night} {self.get_room_type_display()} × {self.rooms}"


class Mode(models.TextChoices):
    TRAIN = "train", _("train")
    FLIGHT = "flight", _("flight")
    OTHER = "other", _("other")


class Direction(models.TextChoices):
    THERE = "there", _("to Shanghai")
    BACK = "back", _("return")


class TravelGroup(models.Model):
    """A train or flight the delegation books together for many of its people."""

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="travel_groups",
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode, default=Mode.TRAIN)
    number = models.CharField(_("train or flight number"), max_length=20)
    departs_at = models.DateTimeField(_("departs at"))
    arrives_at = models.DateTimeField(_("arrives at"))
    from_place = models.CharField(_("from"), max_length=50)
    to_place = models.CharField(_("to"), max_length=50)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    fare = models.DecimalField(
        _("fare per ticket (CNY)"), max_digits=10, decimal_places=2, default=0
    )

    class Meta:
        app_label = "purchasers"
        ordering = ["departs_at", "number"]
        verbose_name = _("travel group")
        verbose_name_plural = _("travel groups")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "number", "departs_at"], name="travel_group_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.departs_at:%m-%d %H:%M} {self.from_place}→{self.to_place}"


class Bus(models.Model):
    """The delegation's bus to the venue on one day."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="buses"
    )
    day = models.DateField(_("day"))
    name = models.CharField(_("bus"), max_length=50)
    capacity = models.PositiveIntegerField(_("seats"))
    route = models.CharField(_("route"), max_length=200, blank=True)
    departs_at = models.TimeField(_("departs at"), null=True, blank=True)

    class Meta:
        app_label = "purchasers"
        ordering = ["day", "name"]
        verbose_name = _("bus")
        verbose_name_plural = _("buses")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "day", "name"], name="bus_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day:%m-%d} {self.name}"


class Meals(models.TextChoices):
    NONE = "none", _("no meals")
    BREAKFAST = "breakfast", _("breakfast")
    FULL = "full", _("all meals")


class AttendeePlan(models.Model):
    """One attendee's stay: the journeys, stays and bus seats hang from it.

    ``delegation`` and ``sub_delegation`` are copied from the registration, for scope and
    figures without joins. ``override_reason`` is the office's reason for planning a person
    whose registration is not yet approved.
    """

    attendee = models.OneToOneField(
        "purchasers.Attendee",
        verbose_name=_("attendee"),
        on_delete=models.CASCADE,
        related_name="plan",
    )
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="+"
    )
    sub_delegation = models.ForeignKey(
        SubDelegation,
        verbose_name=_("sub-delegation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    meals = models.CharField(_("meals"), max_length=10, choices=Meals, default=Meals.FULL)
    dietary = models.CharField(_("dietary needs"), max_length=100, blank=True)
    override_reason = models.CharField(
        _("reason for planning before approval"), max_length=200, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # What the attendee was last emailed (a digest of the itinerary), and when.
    sent_digest = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(_("itinerary sent at"), null=True, blank=True)

    class Meta:
        app_label = "purchasers"
        ordering = ["pk"]
        verbose_name = _("attendee's plan")
        verbose_name_plural = _("attendees' plans")

    def __str__(self) -> str:
        return str(self.attendee_id)


class TicketState(models.TextChoices):
    NOT_BOOKED = "not_booked", _("not booked")
    BOOKED = "booked", _("booked")
    ISSUED = "issued", _("ticket issued")
    CANCELLED = "cancelled", _("cancelled")


class Journey(models.Model):
    """Travel to Shanghai or back: on a travel group, or on the person's own train/flight."""

    plan = models.ForeignKey(
        AttendeePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="journeys"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    group = models.ForeignKey(
        TravelGroup,
        verbose_name=_("travel group"),
        on_delete=models.PROTECT,
        related_name="journeys",
        null=True,
        blank=True,
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode, default=Mode.TRAIN)
    number = models.CharField(_("train or flight number"), max_length=20)
    departs_at = models.DateTimeField(_("departs at"))
    arrives_at = models.DateTimeField(_("arrives at"))
    from_place = models.CharField(_("from"), max_length=50)
    to_place = models.CharField(_("to"), max_length=50)
    booked_by_delegation = models.BooleanField(_("booked by the delegation"), default=True)
    ticket = models.CharField(
        _("ticket"), max_length=12, choices=TicketState, default=TicketState.NOT_BOOKED
    )
    fare = models.DecimalField(_("fare (CNY)"), max_digits=10, decimal_places=2, default=0)

    class Meta:
        app_label = "purchasers"
        ordering = ["plan", "departs_at"]
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        constraints = [
            models.UniqueConstraint(fields=["plan", "direction"], name="journey_once_each_way")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.departs_at:%m-%d %H:%M}"


class Stay(models.Model):
    """Nights at a hotel, from check-in to check-out; ``shares_with`` shares the twin room."""

    plan = models.ForeignKey(
        AttendeePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="stays"
    )
    hotel = models.ForeignKey(
        Hotel, verbose_name=_("hotel"), on_delete=models.PROTECT, related_name="stays"
    )
    room_type = models.CharField(_("room type"), max_length=10, choices=RoomType)
    check_in = models.DateField(_("check-in"))
    check_out = models.DateField(_("check-out"))
    shares_with = models.ForeignKey(
        "purchasers.Attendee",
        verbose_name=_("sharing with"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        app_label = "purchasers"
        ordering = ["plan", "check_in"]
        verbose_name = _("hotel stay")
        verbose_name_plural = _("hotel stays")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_out__gt=models.F("check_in")),
                name="stay_checks_out_after_check_in",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hotel_id} {self.check_in}–{self.check_out}"


class BusSeat(models.Model):
    plan = models.ForeignKey(
        AttendeePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="seats"
    )
    bus = models.ForeignKey(
        Bus, verbose_name=_("bus"), on_delete=models.PROTECT, related_name="seats"
    )
    day = models.DateField(_("day"))

    class Meta:
        app_label = "purchasers"
        ordering = ["day"]
        verbose_name = _("bus seat")
        verbose_name_plural = _("bus seats")
        constraints = [models.UniqueConstraint(fields=["plan", "day"], name="one_bus_a_day")]

    def __str__(self) -> str:
        return f"{self.bus_id} {self.day}"


class Publication(models.Model):
    """The office published the plans: from then on attendees get their itineraries, and
    again whenever their plan changes."""

    delegation = models.OneToOneField(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        app_label = "purchasers"
        verbose_name = _("publication of the plans")
        verbose_name_plural = _("publications of the plans")

    def __str__(self) -> str:
        return f"{self.delegation_id} {self.published_at:%Y-%m-%d %H:%M}"


class RosterSend(models.Model):
    """A roster as it was downloaded (sent to a hotel, the railway, a bus company): its rows
    by person, so that the next one can say what changed. Ticket lists with full ID
    numbers are recorded here too (``full_numbers``); the rows keep only masked numbers."""

    class Kind(models.TextChoices):
        ROOMING = "rooming", _("rooming list")
        TICKETS = "tickets", _("ticket list")
        BUS = "bus", _("bus manifest")

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("roster"), max_length=10, choices=Kind)
    # Which roster of its kind: a hotel's id, a travel group's id, a day (ISO date).
    key = models.CharField(_("which"), max_length=40)
    rows = models.JSONField(_("rows"), default=dict)
    changes_only = models.BooleanField(_("change list"), default=False)
    full_numbers = models.BooleanField(_("with full ID numbers"), default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        app_label = "purchasers"
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("roster sent")
        verbose_name_plural = _("rosters sent")

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.sent_at:%Y-%m-%d %H:%M}"
