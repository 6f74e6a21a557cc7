"""JSON bodies with a depth limit: a body nested ~1,000 deep used to end in a RecursionError (500)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32  # far deeper than any Ieum request; GeoJSON polygons need 4


def _too_deep(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class NestedTooDeep(ParseError):
    """Its message is shown as it is (a plain ParseError's detail is a technical one)."""


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise NestedTooDeep(_("The request body is nested too deeply.")) from None
        if _too_deep(data, MAX_DEPTH):
            raise NestedTooDeep(_("The request body is nested too deeply."))
        return data
