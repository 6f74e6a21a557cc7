from apps.payments import services
from apps.payments.types import ChargeLine


def paid_order(user, *, amount_krw: int = 15000, key: str = "test-order", purpose="demo.donation"):
    return services.order_create_and_charge(
        user=user,
        purpose=purpose,
        reference="ref-1",
        description_ko="테스트 주문",
        description_en="Test order",
        lines=[ChargeLine("기부", "Donation", amount_krw)],
        idempotency_key=key,
    )
