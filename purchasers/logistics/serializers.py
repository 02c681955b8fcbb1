from rest_framework import serializers


class MoneyRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    room_nights = serializers.DecimalField(max_digits=12, decimal_places=1)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2)


class DaySerializer(serializers.Serializer):
    day = serializers.DateField()
    people = serializers.IntegerField()


class TicketRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    tickets = serializers.IntegerField()
    cost = serializers.DecimalField(max_digits=14, decimal_places=2)


class FiguresSerializer(serializers.Serializer):
    delegation = serializers.IntegerField()
    people = serializers.IntegerField()
    room_nights = serializers.DecimalField(max_digits=12, decimal_places=1)
    room_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    tickets_booked = serializers.IntegerField()
    ticket_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    days = DaySerializer(many=True)
    hotels = MoneyRowSerializer(many=True)
    sub_delegations = MoneyRowSerializer(many=True)
    tickets = TicketRowSerializer(many=True)


class BulkAssignSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=20000
    )
    hotel = serializers.IntegerField(required=False)
    room_type = serializers.ChoiceField(choices=["single", "twin"], default="single")
    check_in = serializers.DateField(required=False)
    check_out = serializers.DateField(required=False)
    there = serializers.IntegerField(required=False)
    back = serializers.IntegerField(required=False)
    buses = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    meals = serializers.ChoiceField(choices=["none", "breakfast", "full"], required=False)
    override_reason = serializers.CharField(required=False, default="", allow_blank=True)
