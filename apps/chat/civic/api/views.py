"""The app's civil-request API under /api/v1/chat/requests/: categories, "my requests" (residents)
and the staff workflow (civil affairs)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from apps.core.api.parsers import JSONParser
from apps.core.api.schema import IDEMPOTENCY_KEY, errors
from apps.core.api.views import PublicApi, StaffApi, UserApi

from .. import selectors, services
from ..throttles import CivilRequestCreateThrottle
from . import serializers as s

TAG = ["civil requests"]


class CivilCategoryListView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="The kinds of civil request, with their questions (the form's choices)",
        responses={200: s.CivilCategoryOutput(many=True)},
    )
    def get(self, request):
        categories = selectors.category_list().prefetch_related("attributes")
        return Response(s.CivilCategoryOutput(categories, many=True).data)


class CivilRequestListView(UserApi, GenericAPIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = s.CivilRequestOutput

    def get_queryset(self):
        return selectors.civil_request_list_for_user(user=self.request.user)

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(CivilRequestCreateThrottle())
        return throttles

    @extend_schema(
        tags=TAG,
        summary="My civil requests, newest first (cursor pages)",
        responses={200: s.CivilRequestOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.CivilRequestOutput(page, many=True).data)

    @extend_schema(
        tags=TAG,
        summary="File a civil request (a place, a description, optionally a photo)",
        description="A place is required: `lat` and `lon`, or `address`. Retrying with the same "
        "`Idempotency-Key` and the same request returns the first request (200) and never files "
        "it twice. Rate-limited per person.",
        parameters=[IDEMPOTENCY_KEY],
        request={
            "multipart/form-data": s.CivilRequestCreateInput,
            "application/json": s.CivilRequestCreateJsonInput,
        },
        responses={
            201: s.CivilRequestDetailOutput,
            200: s.CivilRequestDetailOutput,
            **errors(400, 401, 403, 404, 409, 413, 415, 429),
        },
    )
    def post(self, request):
        data = s.CivilRequestCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        civil_request, created = services.civil_request_create_for_user(
            user=request.user,
            idempotency_key=request.headers.get("Idempotency-Key"),
            category_code=v["category"],
            description=v["description"],
            lat=v.get("lat"),
            lon=v.get("lon"),
            address=v.get("address", ""),
            attributes=v.get("attributes") or {},
            photo=v.get("photo"),
            channel=v["channel"],
        )
        found = selectors.civil_request_get_for_user(
            user=request.user, civil_request_id=civil_request.id
        )
        return Response(s.CivilRequestDetailOutput(found).data, status=201 if created else 200)


class CivilRequestDetailView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="One of my civil requests, with its history",
        responses={200: s.CivilRequestDetailOutput, **errors(401, 403, 404)},
    )
    def get(self, request, civil_request_id):
        found = selectors.civil_request_get_for_user(
            user=request.user, civil_request_id=civil_request_id
        )
        return Response(s.CivilRequestDetailOutput(found).data)


class CivilDepartmentListView(StaffApi):
    department = selectors.STAFF_DEPARTMENT

    @extend_schema(
        tags=TAG,
        summary="Staff: the departments a request can be assigned to",
        responses={200: s.CivilDepartmentOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        return Response(s.CivilDepartmentOutput(selectors.department_list(), many=True).data)


class CivilRequestStaffListView(StaffApi, GenericAPIView):
    department = selectors.STAFF_DEPARTMENT
    serializer_class = s.CivilRequestOutput

    @extend_schema(
        tags=TAG,
        summary="Staff: civil requests, newest first (cursor pages)",
        parameters=[s.CivilRequestStaffListInput],
        responses={200: s.CivilRequestOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        data = s.CivilRequestStaffListInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        qs = selectors.civil_request_list_for_staff(
            status=v.get("status"),
            category_code=v.get("category"),
            department_code=v.get("department"),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.CivilRequestOutput(page, many=True).data)


class CivilRequestStaffDetailView(StaffApi):
    department = selectors.STAFF_DEPARTMENT

    @extend_schema(
        tags=TAG,
        summary="Staff: one civil request with its history",
        responses={200: s.CivilRequestStaffOutput, **errors(401, 403, 404)},
    )
    def get(self, request, civil_request_id):
        found = selectors.civil_request_get_for_staff(civil_request_id=civil_request_id)
        return Response(s.CivilRequestStaffOutput(found).data)


class CivilRequestStaffUpdateView(StaffApi):
    department = selectors.STAFF_DEPARTMENT

    @extend_schema(
        tags=TAG,
        summary="Staff: assign a department, change the status, write a note (the requester "
        "is notified)",
        description="Closing is `resolved` or `rejected` (a note saying why is required). A "
        "closed request can be reopened as `in_progress`.",
        request=s.CivilRequestUpdateInput,
        responses={200: s.CivilRequestStaffOutput, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, civil_request_id):
        data = s.CivilRequestUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.civil_request_update(
            actor=request.user,
            civil_request_id=civil_request_id,
            status=v.get("status"),
            department_code=v.get("department") or None,
            note=v.get("note", ""),
            expected_at=v.get("expected_at"),
        )
        found = selectors.civil_request_get_for_staff(civil_request_id=civil_request_id)
        return Response(s.CivilRequestStaffOutput(found).data)
