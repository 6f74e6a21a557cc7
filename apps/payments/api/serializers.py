from rest_framework import serializers

from apps.payments.models import Order, OrderLine, Payment, Refund

# --- input ------------------------------------------------------------------------------------


class OrderCreateDemoInput(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=["demo.donation"])
    description = serializers.CharField(max_length=100, required=False, allow_blank=True)
    amount_krw = serializers.IntegerField(min_value=1000, max_value=1_000_000)


class OrderConfirmInput(serializers.Serializer):
    payment_key = serializers.CharField(max_length=200)
    amount = serializers.IntegerField(min_value=1, help_text="Integer KRW; must equal the total.")


class OrderRefundInput(serializers.Serializer):
    amount_krw = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="Leave out to refund all."
    )
    reason = serializers.CharField(max_length=200)


# --- output -----------------------------------------------------------------------------------


class OrderLineOutput(serializers.ModelSerializer):
    total_krw = serializers.IntegerField(read_only=True)

    class Meta:
        model = OrderLine
        fields = ["label", "quantity", "amount_krw", "total_krw", "reference"]


class PaymentOutput(serializers.ModelSerializer):
    amount_krw = serializers.IntegerField(source="total_krw", read_only=True)
    captured_krw = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(source="created", read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "variant",
            "status",
            "transaction_id",
            "amount_krw",
            "captured_krw",
            "created_at",
        ]


class RefundOutput(serializers.ModelSerializer):
    class Meta:
        model = Refund
        fields = ["id", "amount_krw", "reason", "status", "created_at"]


class CheckoutOutput(serializers.Serializer):
    provider = serializers.CharField()
    client_key = serializers.CharField()
    order_id = serializers.CharField()
    amount = serializers.IntegerField()
    order_name = serializers.CharField()


class OrderOutput(serializers.ModelSerializer):
    receipt_number = serializers.CharField(read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "receipt_number",
            "purpose",
            "reference",
            "description",
            "status",
            "total_krw",
            "refunded_krw",
            "paid_at",
            "created_at",
        ]


class OrderDetailOutput(OrderOutput):
    lines = OrderLineOutput(many=True, read_only=True)
    payments = PaymentOutput(many=True, read_only=True)
    refunds = RefundOutput(many=True, read_only=True)
    checkout = serializers.SerializerMethodField(
        help_text="While the order waits for a payment-gateway payment: what the phone needs to "
        "open the payment window. Null otherwise."
    )

    class Meta(OrderOutput.Meta):
        fields = [*OrderOutput.Meta.fields, "lines", "payments", "refunds", "checkout"]

    def get_checkout(self, order) -> CheckoutOutput(allow_null=True):  # type: ignore[valid-type]
        from apps.payments.selectors import order_checkout

        return order_checkout(order=order)


class ReceiptLineOutput(serializers.Serializer):
    label = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_amount_krw = serializers.IntegerField()
    amount_krw = serializers.IntegerField()


class ReceiptRefundOutput(serializers.Serializer):
    amount_krw = serializers.IntegerField()
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class ReceiptOutput(serializers.Serializer):
    number = serializers.CharField()
    order_id = serializers.UUIDField()
    merchant = serializers.CharField()
    description = serializers.CharField()
    lines = ReceiptLineOutput(many=True)
    total_krw = serializers.IntegerField()
    total_display = serializers.CharField()
    supply_krw = serializers.IntegerField(help_text="Total without VAT.")
    vat_krw = serializers.IntegerField()
    vat_note = serializers.CharField()
    refunded_krw = serializers.IntegerField()
    net_krw = serializers.IntegerField()
    refunds = ReceiptRefundOutput(many=True)
    status = serializers.ChoiceField(choices=Order.Status.choices)
    status_label = serializers.CharField()
    paid_at = serializers.DateTimeField()
    method = serializers.CharField()
