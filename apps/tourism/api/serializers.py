from rest_framework import serializers

from apps.tourism.models import Place


class PlaceOutput(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = [
            "id",
            "name",
            "category",
            "city",
            "description",
            "lat",
            "lon",
            "address",
            "phone",
            "parking_spaces",
            "is_open",
        ]


class PlaceNearOutput(PlaceOutput):
    # Only a search around a point has distances; the same list without one leaves it out.
    distance_m = serializers.FloatField(
        required=False, help_text="Metres from the given point; only when lat and lon were given."
    )

    class Meta(PlaceOutput.Meta):
        fields = [*PlaceOutput.Meta.fields, "distance_m"]


class PlaceListInput(serializers.Serializer):
    category = serializers.ChoiceField(choices=Place.Category.choices, required=False)
    lat = serializers.FloatField(required=False, min_value=-90, max_value=90)
    lon = serializers.FloatField(required=False, min_value=-180, max_value=180)
    radius_m = serializers.FloatField(required=False, default=2000, min_value=1, max_value=50_000)

    def validate(self, attrs):
        if ("lat" in attrs) != ("lon" in attrs):
            raise serializers.ValidationError({"lat": [_both()], "lon": [_both()]})
        return attrs


def _both() -> str:
    from django.utils.translation import gettext as _

    return _("Give both lat and lon, or neither.")
