from django.urls import path

from .views import (
    OrderConfirmView,
    OrderDetailView,
    OrderListView,
    OrderReceiptView,
    OrderRefundView,
)

urlpatterns = [
    path("orders/", OrderListView.as_view(), name="payments-order-list"),
    path("orders/<uuid:order_id>/", OrderDetailView.as_view(), name="payments-order-detail"),
    path(
        "orders/<uuid:order_id>/receipt/",
        OrderReceiptView.as_view(),
        name="payments-order-receipt",
    ),
    path(
        "orders/<uuid:order_id>/confirm/",
        OrderConfirmView.as_view(),
        name="payments-order-confirm",
    ),
    path("orders/<uuid:order_id>/refund/", OrderRefundView.as_view(), name="payments-order-refund"),
]
