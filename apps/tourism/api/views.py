from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from apps.core.api.schema import errors
from apps.core.api.views import OpenDataApi
from apps.tourism import selectors
from apps.tourism.models import Place

from .serializers import PlaceListInput, PlaceNearOutput, PlaceOutput


class PlaceListView(OpenDataApi, generics.GenericAPIView):
    """Gimhae places. With `lat`/`lon`: those within `radius_m`, nearest first (up to 50)."""

    serializer_class = PlaceOutput
    pagination_class = None  # 31 places today; the tourism portal issue adds paging with search

    @extend_schema(
        parameters=[PlaceListInput],
        responses={200: PlaceNearOutput(many=True), **errors(400)},
        summary="List places (or those near a point)",
    )
    def get(self, request):
        query = PlaceListInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if "lat" in data:
            near = selectors.place_list_near(
                lat=data["lat"],
                lon=data["lon"],
                radius_m=data["radius_m"],
                category=data.get("category"),
                limit=50,
            )
            for place, distance in near:
                place.distance_m = round(distance, 1)
            return Response(PlaceNearOutput([place for place, _ in near], many=True).data)
        places = selectors.place_list(category=data.get("category"))
        return Response(PlaceOutput(places, many=True).data)


class PlaceDetailView(OpenDataApi, generics.RetrieveAPIView):
    serializer_class = PlaceOutput
    queryset = Place.objects.all()

    @extend_schema(responses={200: PlaceOutput, **errors(404)}, summary="One place")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
