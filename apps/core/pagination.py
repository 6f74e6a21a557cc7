from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, serializers


class CursorPagination(pagination.CursorPagination):
    """Cursor pages everywhere: stable under inserts (a new notification never shifts a page)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-created_at"

    def get_page_size(self, request):
        # DRF quietly falls back to the default on a bad page_size; the schema says a positive
        # integer, so anything else is refused like any other bad input (above the limit is
        # capped, as documented).
        value = request.query_params.get(self.page_size_query_param)
        if not value:  # left out, or sent empty (`?page_size=`)
            return self.page_size
        try:
            return pagination._positive_int(value, strict=True, cutoff=self.max_page_size)
        except ValueError:
            raise serializers.ValidationError(
                {self.page_size_query_param: [_("Give a whole number of at least 1.")]}
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = (
                    f"Number of results to return per page (at most {self.max_page_size}; "
                    "more is capped)."
                )
        return parameters
