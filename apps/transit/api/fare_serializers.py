"""Fares and trip tickets: input and output serializers."""

from rest_framework import serializers

from apps.transit.models import TripTicket
from apps.transit.services.tickets import leg_name, leg_route

# --- fares --------------------------------------------------------------------------------------


class LegFareOutput(serializers.Serializer):
    leg_index = serializers.IntegerField(help_text="Index of the leg in `legs`.")
    mode = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["walk", "fare", "transfer", "included", "external", "on_exit", "unpriced"],
        help_text="walk (free), fare (full fare), transfer (transfer rule applied), included (in "
        "an earlier leg's fare, fares v1), external (priced by another mode's operator), on_exit "
        "(an estimate paid on site, e.g. park and ride's parking fee: amount 0, not in the "
        "total; the explanation gives the estimate), "
        "unpriced (no rule covers it).",
    )
    product_id = serializers.CharField(allow_blank=True)
    product_name = serializers.CharField(allow_blank=True)
    base = serializers.CharField(help_text="Fare before discounts, decimal string.")
    base_minor = serializers.IntegerField(help_text="The same in minor units (won, cents).")
    discount = serializers.CharField()
    discount_minor = serializers.IntegerField()
    amount = serializers.CharField(help_text="What this leg costs, decimal string.")
    amount_minor = serializers.IntegerField()
    explanation = serializers.CharField(help_text="One line, in the request's language.")


class DiscountOutput(serializers.Serializer):
    leg_index = serializers.IntegerField()
    amount = serializers.CharField()
    amount_minor = serializers.IntegerField()
    label = serializers.CharField()


class FareOutput(serializers.Serializer):
    source = serializers.CharField(
        help_text="Which rules priced it: gtfs-fares-v2 (Gimhae's rules are v2 rows) or gtfs-fares-v1."
    )
    currency = serializers.CharField(help_text="ISO 4217: KRW for Gimhae, the feed's otherwise.")
    rider_category = serializers.CharField()
    rider_category_name = serializers.CharField(allow_blank=True)
    legs = LegFareOutput(many=True)
    discounts = DiscountOutput(many=True)
    total = serializers.CharField(help_text='Decimal string in `currency` ("1500", "3.75").')
    total_minor = serializers.IntegerField(help_text="Total in minor units (won; cents for USD).")
    complete = serializers.BooleanField(help_text="False when some leg has no known fare.")
    purchase_token = serializers.CharField(
        allow_null=True,
        help_text="Signed summary of this itinerary and its fare: POST it to "
        "/api/v1/transit/tickets/ to buy the whole trip (null when it cannot be bought in won).",
    )


# --- tickets ------------------------------------------------------------------------------------


class TicketCreateInput(serializers.Serializer):
    purchase_token = serializers.CharField(
        max_length=20000, help_text="An itinerary's `fare.purchase_token` from the plan API."
    )


class TicketVerifyInput(serializers.Serializer):
    payload = serializers.CharField(max_length=20000, help_text="The ticket's QR payload.")
    board = serializers.BooleanField(
        default=False, help_text="Mark a valid ticket as used (the rider boarded)."
    )


class TicketLegOutput(serializers.Serializer):
    """A ticket's leg in the request's language: names are stored in both (never one rendered
    string), so the same ticket reads in Korean on one phone and in English on another."""

    mode = serializers.CharField()
    route_id = serializers.CharField(allow_null=True)
    route = serializers.SerializerMethodField(help_text="The route's short name, or empty.")
    trip_id = serializers.CharField(allow_null=True)
    from_ = serializers.CharField(allow_null=True)
    from_name = serializers.SerializerMethodField()
    to = serializers.CharField(allow_null=True)
    to_name = serializers.SerializerMethodField(
        help_text="The stop, or the place the trip ends at (e.g. a tourist site)."
    )
    departure = serializers.DateTimeField()
    arrival = serializers.DateTimeField()
    kind = serializers.CharField()
    amount_krw = serializers.IntegerField()
    explanation = serializers.SerializerMethodField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields

    def get_route(self, leg) -> str:
        return leg_route(leg)

    def get_from_name(self, leg) -> str:
        return leg_name(leg, "from")

    def get_to_name(self, leg) -> str:
        return leg_name(leg, "to")

    def get_explanation(self, leg) -> str:
        from django.utils.translation import get_language

        lang = "en" if (get_language() or "ko").startswith("en") else "ko"
        return leg.get(f"explanation_{lang}", "")


class TicketOutput(serializers.ModelSerializer):
    status = serializers.CharField(
        source="current_status", help_text="pending, active, used, refunded or expired."
    )
    legs = TicketLegOutput(many=True)

    class Meta:
        model = TripTicket
        fields = [
            "id",
            "status",
            "feed_name",
            "rider_category",
            "total_krw",
            "order_id",
            "departure_at",
            "arrival_at",
            "valid_from",
            "valid_until",
            "legs",
            "created_at",
            "refunded_at",
            "used_at",
        ]


class TicketDetailOutput(TicketOutput):
    qr_payload = serializers.CharField(help_text="Signed payload to show as a QR code.")

    class Meta(TicketOutput.Meta):
        fields = [*TicketOutput.Meta.fields, "qr_payload"]


class TicketVerifyOutput(serializers.Serializer):
    valid = serializers.BooleanField()
    reason = serializers.CharField(
        allow_blank=True,
        help_text="Empty when valid; else tampered, not_found, not_paid, used, refunded, "
        "expired or not_yet_valid.",
    )
    message = serializers.CharField()
    ticket = TicketOutput(allow_null=True)
