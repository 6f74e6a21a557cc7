"""Trip tickets: buy a whole itinerary with one payment, show its QR, refund, inspect."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from apps.core.api.schema import errors, idempotency_key_parameter
from apps.core.api.views import StaffApi, UserApi
from apps.transit import selectors
from apps.transit.services import tickets

from .fare_serializers import (
    TicketCreateInput,
    TicketDetailOutput,
    TicketOutput,
    TicketVerifyInput,
    TicketVerifyOutput,
)


def _detail(ticket):
    ticket.qr_payload = tickets.ticket_qr_payload(ticket=ticket)
    return TicketDetailOutput(ticket).data


class TicketListView(UserApi, generics.GenericAPIView):
    serializer_class = TicketOutput

    @extend_schema(
        responses={200: TicketOutput(many=True), **errors(401)}, summary="My trip tickets"
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.ticket_list_for_user(user=request.user))
        return self.get_paginated_response(TicketOutput(page, many=True).data)

    @extend_schema(
        request=TicketCreateInput,
        parameters=[idempotency_key_parameter(max_length=tickets.KEY_MAX_LENGTH)],
        responses={
            201: TicketDetailOutput,
            200: TicketDetailOutput,
            **errors(400, 401, 402, 409),
        },
        summary="Buy a whole trip with one payment",
        description="Send an itinerary's `fare.purchase_token` from the plan API. One order "
        "through payments covers every leg (one line per priced leg, transfer discounts folded "
        "in); the answer is the ticket with its signed `qr_payload`. 200 when the same "
        "Idempotency-Key already bought this trip.",
    )
    def post(self, request):
        data = TicketCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        ticket, created = tickets.ticket_buy(
            user=request.user,
            purchase_token=data.validated_data["purchase_token"],
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        return Response(
            _detail(ticket), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class TicketDetailView(UserApi):
    @extend_schema(
        parameters=[OpenApiParameter("ticket_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses={200: TicketDetailOutput, **errors(401, 404)},
        summary="A trip ticket with its QR payload",
    )
    def get(self, request, ticket_id):
        ticket = selectors.ticket_get_for_user(user=request.user, ticket_id=ticket_id)
        return Response(_detail(ticket))


class TicketRefundView(UserApi):
    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("ticket_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses={200: TicketDetailOutput, **errors(400, 401, 404)},
        summary="Refund an unused trip ticket before departure",
        description="Refunds in full through payments while the ticket is unused and its first "
        "leg has not left; asking again returns the refunded ticket. After departure: 400 "
        "`transit.ticket_not_refundable` with the reason.",
    )
    def post(self, request, ticket_id):
        ticket = tickets.ticket_refund(user=request.user, ticket_id=ticket_id)
        return Response(_detail(ticket))


class TicketVerifyView(StaffApi):
    department = "transport"

    @extend_schema(
        request=TicketVerifyInput,
        responses={200: TicketVerifyOutput, **errors(400, 401, 403)},
        summary="Inspect a trip ticket's QR payload (staff)",
        description="Valid, or the reason it is not: tampered, not_found, not_paid, used, "
        "refunded, expired, not_yet_valid. With `board: true` a valid ticket is marked used.",
    )
    def post(self, request):
        data = TicketVerifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = tickets.ticket_verify(
            payload=data.validated_data["payload"], board=data.validated_data["board"]
        )
        return Response(
            TicketVerifyOutput(
                {
                    "valid": result.valid,
                    "reason": result.reason,
                    "message": result.message,
                    "ticket": result.ticket,
                }
            ).data
        )
