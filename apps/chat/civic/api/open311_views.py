"""Open311 GeoReport v2 (JSON) at /open311/v2/: services, service definitions, requests.

Reads are open data (no login; OpenDataApi's limit, per key with X-Api-Key). Filing a request
needs an api_key of a registered open-data consumer (GeoReport v2's rule for third-party apps) or
a logged-in resident with the required consents. Errors leave in the standard's shape,
``[{"code": <HTTP status>, "description": "..."}]`` (apps.core.errors.PROTOCOL_SHAPES), and the
public view of a request never says who filed it.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from apps.core.api.parsers import JSONParser
from apps.core.api.views import OpenDataApi
from apps.core.files import private_file_url

from .. import selectors, services
from ..errors import CivilRequestError
from ..models import CivilRequest, CivilRequestCategory
from ..throttles import CivilRequestCreateThrottle, api_key_of
from . import open311_serializers as s

TAG = ["open311"]


# GeoReport v2 errors: a list of {code, description} (apps.core.errors.open311_error). Written as
# a schema: drf-spectacular wraps lists in arrays only for 2xx answers.
OPEN311_ERRORS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "code": {"type": "integer", "description": "The HTTP status."},
            "description": {
                "type": "string",
                "description": "What went wrong, in the request's language.",
            },
        },
        "required": ["code", "description"],
    },
}


def _errors(*statuses: int) -> dict[int, Any]:
    return {
        status: OpenApiResponse(OPEN311_ERRORS, description="GeoReport v2 errors.")
        for status in statuses
    }


def _time(value) -> str | None:
    # ISO 8601 with the offset, as GeoReport v2 requires (Korea: +09:00)
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def service_document(category: CivilRequestCategory) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attribute_count),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def request_document(
    civil_request: CivilRequest, *, request, staff: bool | None = None
) -> dict[str, Any]:
    media_url = None
    if civil_request.photo and selectors.civil_request_is_visible_in_full(
        civil_request=civil_request, user=request.user, staff=staff
    ):
        link = private_file_url(field_file=civil_request.photo, user=request.user)
        media_url = request.build_absolute_uri(link) if link else None
    department = civil_request.department
    return {
        "service_request_id": str(civil_request.id),
        "status": civil_request.open311_status,
        "status_notes": civil_request.status_notes,
        "service_name": civil_request.category.name,
        "service_code": civil_request.category_id,
        "description": civil_request.description,
        "agency_responsible": department.name,
        "service_notice": _notice(civil_request),
        "requested_datetime": _time(civil_request.created_at),
        "updated_datetime": _time(civil_request.updated_at),
        "expected_datetime": _time(civil_request.expected_at),
        "address": civil_request.address,
        "address_id": civil_request.address_id or None,
        "zipcode": None,
        "lat": civil_request.lat,
        "long": civil_request.lon,
        "media_url": media_url,
    }


def _notice(civil_request: CivilRequest) -> str:
    department = civil_request.department
    if department.phone:
        return _("Handled by %(department)s (%(phone)s).") % {
            "department": department.name,
            "phone": department.phone,
        }
    return _("Handled by %(department)s.") % {"department": department.name}


_ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_-]{1,40})\](\[\])?$")


def _attributes_from(data) -> dict[str, Any]:
    """``attribute[code]=value`` (and ``attribute[code][]=a&…``) in a form; an object in JSON."""
    if isinstance(data.get("attribute"), dict):
        return dict(data["attribute"])
    answers: dict[str, Any] = {}
    getlist = getattr(data, "getlist", None)
    for name in list(data.keys()):
        match = _ATTRIBUTE.match(name)
        if match is None:
            continue
        if getlist is not None:
            values = getlist(name)
        else:  # JSON
            values = data[name] if isinstance(data[name], list) else [data[name]]
        answers[match.group(1)] = values if match.group(2) else values[-1]
    return answers


class Open311ServiceListView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="GeoReport v2: the kinds of civil request Gimhae takes (services.json)",
        parameters=[OpenApiParameter("jurisdiction_id", str, required=False)],
        responses={200: s.Open311ServiceOutput(many=True), **_errors(400)},
    )
    def get(self, request):
        categories = selectors.category_list()
        return Response([service_document(c) for c in categories])


class Open311ServiceDefinitionView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="GeoReport v2: one service's definition (its questions)",
        parameters=[OpenApiParameter("jurisdiction_id", str, required=False)],
        responses={200: s.Open311ServiceDefinitionOutput, **_errors(400, 404)},
    )
    def get(self, request, service_code):
        category = selectors.category_get(code=service_code)
        attributes = [
            {
                "variable": a.variable,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": None,
                "order": a.order,
                "description": a.description,
                **(
                    {
                        "values": [
                            {
                                "key": str(v.get("key")),
                                "name": str(
                                    v.get("name_en") or v.get("name_ko")
                                    if _english()
                                    else v.get("name_ko") or v.get("name_en")
                                ),
                            }
                            for v in a.values
                        ]
                    }
                    if a.datatype in ("singlevaluelist", "multivaluelist")
                    else {}
                ),
            }
            for a in category.attributes.all()
        ]
        return Response({"service_code": category.code, "attributes": attributes})


def _english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "ko").startswith("en")


class Open311RequestListView(OpenDataApi):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(CivilRequestCreateThrottle())
        return throttles

    @extend_schema(
        tags=TAG,
        summary="GeoReport v2: civil requests, newest first (requests.json)",
        description="Without dates: the last 90 days. A range may span at most 90 days; at most "
        "1000 results. Who filed a request is never shown.",
        parameters=[s.Open311RequestListInput],
        responses={200: s.Open311RequestOutput(many=True), **_errors(400)},
    )
    def get(self, request):
        data = s.Open311RequestListInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        found = selectors.civil_request_list_public(
            ids=v.get("service_request_id"),
            category_codes=v.get("service_code"),
            start=v.get("start_date"),
            end=v.get("end_date"),
            statuses=v.get("status"),
        )
        staff = selectors.civil_request_staff_can_see(user=request.user)
        return Response([request_document(r, request=request, staff=staff) for r in found])

    @extend_schema(
        tags=TAG,
        summary="GeoReport v2: file a civil request",
        description="Needs `api_key` (or `X-Api-Key`) of a registered open-data consumer, or a "
        "logged-in resident. A place is required: `lat` and `long`, or `address_string`. The "
        "photo goes as the multipart file `media`. Rate-limited per person, IP or key.",
        request={
            "multipart/form-data": s.Open311RequestCreateInput,
            "application/x-www-form-urlencoded": s.Open311RequestCreateInput,
            "application/json": s.Open311RequestCreateInput,
        },
        responses={
            201: s.Open311RequestCreatedOutput(many=True),
            **_errors(400, 403, 404, 413, 415, 429),
        },
    )
    def post(self, request):
        user = request.user if request.user.is_authenticated else None
        consumer = None
        key = api_key_of(request)
        if key:
            consumer = selectors.open_data_consumer_for_key(key=key)
            if consumer is None:
                raise CivilRequestError.api_key_invalid()
        elif user is None:
            raise CivilRequestError.api_key_required()
        if user is not None:
            from apps.accounts.permissions import ConsentsComplete

            ConsentsComplete().has_permission(request, self)  # raises when consents are missing
        data = s.Open311RequestCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        civil_request = services.civil_request_create(
            category_code=v["service_code"],
            description=v.get("description", ""),
            lat=v.get("lat"),
            lon=v.get("long"),
            address=v.get("address_string", ""),
            address_id=v.get("address_id", ""),
            attributes=_attributes_from(request.data),
            photo=v.get("media"),
            requester=user,
            consumer=consumer,
            contact=services.Contact(
                first_name=v.get("first_name", ""),
                last_name=v.get("last_name", ""),
                email=v.get("email", ""),
                phone=v.get("phone", ""),
                account_id=v.get("account_id", ""),
                device_id=v.get("device_id", ""),
            ),
            channel=CivilRequest.Channel.OPEN311,
        )
        body = [
            {
                "service_request_id": str(civil_request.id),
                "service_notice": _notice(civil_request),
                "account_id": v.get("account_id") or None,
            }
        ]
        return Response(body, status=201)


class Open311RequestDetailView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="GeoReport v2: one civil request (a list of one, as the standard says)",
        parameters=[OpenApiParameter("jurisdiction_id", str, required=False)],
        responses={200: s.Open311RequestOutput(many=True), **_errors(400, 404)},
    )
    def get(self, request, service_request_id):
        civil_request = selectors.civil_request_get_public(civil_request_id=service_request_id)
        return Response([request_document(civil_request, request=request)])


class Open311DiscoveryView(OpenDataApi):
    """Open311 service discovery: where the GeoReport v2 endpoint is and what it speaks."""

    @extend_schema(
        tags=TAG,
        summary="Open311 service discovery (discovery.json)",
        responses={200: s.Open311DiscoveryOutput},
    )
    def get(self, request):
        return Response(
            {
                "changeset": DISCOVERY_CHANGESET,
                "contact": _("Gimhae City civil affairs, through the Ieum app."),
                "key_service": _(
                    "Register as an open-data consumer with Gimhae City for an api_key."
                ),
                "endpoints": [
                    {
                        "specification": "http://wiki.open311.org/GeoReport_v2",
                        "url": request.build_absolute_uri("/open311/v2"),
                        "changeset": DISCOVERY_CHANGESET,
                        "type": "production",
                        "formats": ["application/json"],
                    }
                ],
            }
        )


DISCOVERY_CHANGESET = "2026-12-01T00:00:00+09:00"
