from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Cursor pages everywhere: stable under inserts (a new notification never shifts a page)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-created_at"
