from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from apps.core.api.schema import IDEMPOTENCY_KEY, errors
from apps.core.api.views import StaffApi, UserApi
from apps.payments import selectors, services

from .serializers import (
    OrderConfirmInput,
    OrderCreateDemoInput,
    OrderDetailOutput,
    OrderOutput,
    OrderRefundInput,
    ReceiptOutput,
)


def _idempotency_key(request) -> str | None:
    return request.headers.get("Idempotency-Key")


class OrderListView(UserApi, generics.GenericAPIView):
    """The logged-in user's orders, newest first. POST makes a demo purchase."""

    serializer_class = OrderOutput

    @extend_schema(
        responses={200: OrderOutput(many=True), **errors(401)},
        summary="My orders",
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.order_list_for_user(user=request.user))
        return self.get_paginated_response(OrderOutput(page, many=True).data)

    @extend_schema(
        request=OrderCreateDemoInput,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: OrderDetailOutput, **errors(400, 401, 402, 409)},
        summary="Demo purchase: a Gimhae Love gift donation (test payment)",
        description="A demo/test purchase anyone logged in can make to try payments: a "
        "'Gimhae Love gift' donation of `amount_krw` won. With the dummy provider it is paid at "
        "once (no money moves); with Toss the order waits and `checkout` says how to open the "
        "payment window, then call `confirm`.",
    )
    def post(self, request):
        data = OrderCreateDemoInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.order_create_demo(
            user=request.user,
            description=data.validated_data.get("description", ""),
            amount_krw=data.validated_data["amount_krw"],
            idempotency_key=_idempotency_key(request),
        )
        order = selectors.order_get_for_user(user=request.user, order_id=order.id)
        return Response(OrderDetailOutput(order).data, status=status.HTTP_201_CREATED)


class OrderDetailView(UserApi):
    @extend_schema(responses={200: OrderDetailOutput, **errors(401, 404)}, summary="One order")
    def get(self, request, order_id):
        order = selectors.order_get_for_user(user=request.user, order_id=order_id)
        return Response(OrderDetailOutput(order).data)


class OrderReceiptView(UserApi):
    @extend_schema(
        responses={200: ReceiptOutput, **errors(401, 404, 409)},
        summary="Receipt of a paid order (in the request's language)",
    )
    def get(self, request, order_id):
        receipt = selectors.order_receipt_for_user(user=request.user, order_id=order_id)
        return Response(ReceiptOutput(receipt).data)


class OrderConfirmView(UserApi):
    @extend_schema(
        request=OrderConfirmInput,
        responses={200: OrderDetailOutput, **errors(400, 401, 402, 404, 409)},
        summary="Confirm a payment-gateway (Toss) payment after the payment window",
    )
    def post(self, request, order_id):
        data = OrderConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.order_confirm(
            user=request.user,
            order_id=order_id,
            payment_key=data.validated_data["payment_key"],
            amount=data.validated_data["amount"],
        )
        order = selectors.order_get_for_user(user=request.user, order_id=order_id)
        return Response(OrderDetailOutput(order).data)


class OrderRefundView(StaffApi):
    """Staff only: residents cancel through the app that sold them the thing (its own rules)."""

    @extend_schema(
        request=OrderRefundInput,
        parameters=[IDEMPOTENCY_KEY],
        responses={200: OrderDetailOutput, **errors(400, 401, 402, 403, 404, 409)},
        summary="Refund an order, fully or partly (staff)",
    )
    def post(self, request, order_id):
        data = OrderRefundInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.order_refund(
            order_id=order_id,
            amount_krw=data.validated_data.get("amount_krw"),
            reason=data.validated_data["reason"],
            requested_by=request.user,
            idempotency_key=_idempotency_key(request),
        )
        order = selectors.order_get_for_staff(order_id=order_id)
        return Response(OrderDetailOutput(order).data)
