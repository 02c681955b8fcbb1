"""Forms of the stay's pages: what the office declares, and one assignment form for a
person or a whole selection (a part left empty is left as it is)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from delegations.widgets import DATE_INPUT

from .models import Bus, Direction, Hotel, Meals, Mode, RoomType, TicketState, TravelGroup
from .services import JourneyWish

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HotelForm(forms.Form):
    name = forms.CharField(label=_("Hotel"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)


class RoomBlockForm(forms.Form):
    hotel = forms.ModelChoiceField(label=_("Hotel"), queryset=Hotel.objects.none())
    room_type = forms.ChoiceField(label=_("Room type"), choices=RoomType.choices)
    first_night = forms.DateField(label=_("First night"), widget=DATE_INPUT)
    last_night = forms.DateField(label=_("Last night"), widget=DATE_INPUT)
    rooms = forms.IntegerField(label=_("Rooms"), min_value=0)
    rate = forms.DecimalField(label=_("Rate per room-night (CNY)"), min_value=0, decimal_places=2)

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hotel"].queryset = Hotel.objects.filter(delegation=delegation)


class TravelGroupForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    number = forms.CharField(label=_("Train or flight number"), max_length=20)
    departs_at = forms.DateTimeField(label=_("Departs at"), widget=DATETIME)
    arrives_at = forms.DateTimeField(label=_("Arrives at"), widget=DATETIME)
    from_place = forms.CharField(label=_("From"), max_length=50)
    to_place = forms.CharField(label=_("To"), max_length=50)
    seats = forms.IntegerField(label=_("Seats"), min_value=0, required=False)
    fare = forms.DecimalField(label=_("Fare per ticket (CNY)"), min_value=0, decimal_places=2)


class BusForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    name = forms.CharField(label=_("Bus"), max_length=50)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1)
    route = forms.CharField(label=_("Route"), max_length=200, required=False)


class TicketStateForm(forms.Form):
    ticket = forms.ChoiceField(label=_("Ticket"), choices=TicketState.choices)


class AssignForm(forms.Form):
    """One form for one person and for a selection: an empty part is left unchanged."""

    hotel = forms.ModelChoiceField(label=_("Hotel"), queryset=Hotel.objects.none(), required=False)
    room_type = forms.ChoiceField(label=_("Room type"), choices=RoomType.choices, required=False)
    check_in = forms.DateField(label=_("Check-in"), widget=DATE_INPUT, required=False)
    check_out = forms.DateField(label=_("Check-out"), widget=DATE_INPUT, required=False)
    there = forms.ModelChoiceField(
        label=_("Travel there"), queryset=TravelGroup.objects.none(), required=False
    )
    back = forms.ModelChoiceField(
        label=_("Travel back"), queryset=TravelGroup.objects.none(), required=False
    )
    buses = forms.ModelMultipleChoiceField(
        label=_("Buses"),
        queryset=Bus.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meals = forms.ChoiceField(label=_("Meals"), choices=[("", "—"), *Meals.choices], required=False)
    dietary = forms.CharField(label=_("Dietary needs"), max_length=100, required=False)
    override_reason = forms.CharField(
        label=_("Reason for planning people not yet approved"), max_length=200, required=False
    )

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hotel"].queryset = Hotel.objects.filter(delegation=delegation)
        groups = TravelGroup.objects.filter(delegation=delegation)
        self.fields["there"].queryset = groups.filter(direction=Direction.THERE)
        self.fields["back"].queryset = groups.filter(direction=Direction.BACK)
        self.fields["buses"].queryset = Bus.objects.filter(delegation=delegation)

    def clean(self):
        data = super().clean()
        if data.get("hotel") and not (data.get("check_in") and data.get("check_out")):
            raise forms.ValidationError(_("Give the check-in and check-out dates."))
        return data


class OwnJourneyForm(forms.Form):
    """A journey not on one of the delegation's trains or flights (the person's own, or one
    the office books singly)."""

    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, required=False)
    number = forms.CharField(label=_("Train or flight number"), max_length=20, required=False)
    departs_at = forms.DateTimeField(label=_("Departs at"), widget=DATETIME, required=False)
    arrives_at = forms.DateTimeField(label=_("Arrives at"), widget=DATETIME, required=False)
    from_place = forms.CharField(label=_("From"), max_length=50, required=False)
    to_place = forms.CharField(label=_("To"), max_length=50, required=False)
    booked_by_delegation = forms.BooleanField(label=_("Booked by the delegation"), required=False)
    ticket = forms.ChoiceField(label=_("Ticket"), choices=TicketState.choices, required=False)
    fare = forms.DecimalField(label=_("Fare (CNY)"), min_value=0, decimal_places=2, required=False)

    def clean(self):
        data = super().clean()
        if data.get("number") and not (
            data.get("departs_at")
            and data.get("arrives_at")
            and data.get("from_place")
            and data.get("to_place")
        ):
            raise forms.ValidationError(_("Give the departure, arrival and both places."))
        return data

    def wish(self):

        data = self.cleaned_data
        if not data.get("number"):
            return None
        return JourneyWish(
            mode=data["mode"] or Mode.TRAIN,
            number=data["number"],
            departs_at=data["departs_at"],
            arrives_at=data["arrives_at"],
            from_place=data["from_place"],
            to_place=data["to_place"],
            booked_by_delegation=data["booked_by_delegation"],
            ticket=data["ticket"] or TicketState.NOT_BOOKED,
            fare=data["fare"],
        )
