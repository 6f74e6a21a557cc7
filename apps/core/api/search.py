"""The home screen's search box: one query over every service (apps/core/search.py)."""

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from apps.core import search
from apps.core.api.schema import errors
from apps.core.api.views import OpenDataApi


class SearchInput(serializers.Serializer):
    q = serializers.CharField(max_length=100, help_text="What the person typed (a name, a word).")
    limit = serializers.IntegerField(min_value=1, max_value=50, default=20)


class SearchHitOutput(serializers.Serializer):
    service = serializers.CharField(help_text="The home tile's slug: `bikes`, `parking`, `drt`, …")
    kind = serializers.CharField(help_text="What was found within the service: `station`, `lot`, …")
    title = serializers.CharField(help_text="In the request's language.")
    subtitle = serializers.CharField(help_text="One line of context; empty when none.")
    path = serializers.CharField(help_text="The web client's path that opens it.")
    score = serializers.FloatField(help_text="How well it matches, 0–1; hits come best first.")


class SearchView(OpenDataApi):
    @extend_schema(
        tags=["search"],
        parameters=[SearchInput],
        responses={200: SearchHitOutput(many=True), **errors(400, 429)},
        summary="Search every service at once (the home screen's search box)",
        description="Each service answers from its facade's `search(query, language)`; a service "
        "that fails is left out rather than failing the search. Stops and places for trip planning "
        "are searched by the planner's own endpoints.",
    )
    def get(self, request):
        query = SearchInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        language = "en" if (get_language() or "ko").startswith("en") else "ko"
        hits = search.search_all(data["q"], language, limit=data["limit"])
        return Response(SearchHitOutput(hits, many=True).data)
