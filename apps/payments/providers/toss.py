"""Toss Payments (토스페이먼츠) adapter for django-payments.

The phone opens Toss's payment window with our client key, the order id and the amount; Toss sends
the phone back with a ``paymentKey``; the server then confirms the payment
(``POST /v1/payments/confirm``) with the secret key. Refunds are cancels
(``POST /v1/payments/{paymentKey}/cancel``), partial when ``cancelAmount`` is given, and carry an
``Idempotency-Key`` header so a retried refund is not paid out twice.

Errors come back as ``{"code": "REJECT_CARD_PAYMENT", "message": "..."}`` with a 4xx status.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

import requests
from payments.core import BasicProvider

logger = logging.getLogger(__name__)

API_BASE = "https://api.tosspayments.com/v1"


class TossDeclined(Exception):
    """Toss answered with an error body: the card was refused, the key is stale, and so on."""

    def __init__(self, *, code: str, message: str, http_status: int):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status

    @property
    def is_card_decline(self) -> bool:
        return self.http_status in (402, 403) or self.code.startswith("REJECT_")


class TossUnavailable(Exception):
    """Toss could not be reached, failed on its side, or refused our credentials."""


class TossProvider(BasicProvider):
    def __init__(self, secret_key: str, client_key: str = "", timeout: float = 10, **kwargs):
        super().__init__(**kwargs)
        self.secret_key = secret_key
        self.client_key = client_key
        self.timeout = timeout

    # --- what the phone needs to open the payment window ------------------------------------
    def get_hidden_fields(self, payment) -> dict[str, Any]:
        return {
            "client_key": self.client_key,
            "order_id": str(payment.order_id),
            "amount": int(payment.total),
            "order_name": payment.description[:100],
        }

    def checkout(self, payment) -> dict[str, Any]:
        return {"provider": "toss", **self.get_hidden_fields(payment)}

    # --- server-to-server calls -------------------------------------------------------------
    def confirm(self, payment, *, payment_key: str, amount: int) -> dict[str, Any]:
        return self._post(
            "/payments/confirm",
            {"paymentKey": payment_key, "orderId": str(payment.order_id), "amount": int(amount)},
        )

    def cancel_payment(self, payment, *, amount: int | None, reason: str, idempotency_key: str):
        body: dict[str, Any] = {"cancelReason": reason[:200]}
        if amount is not None:
            body["cancelAmount"] = int(amount)
        return self._post(
            f"/payments/{payment.transaction_id}/cancel", body, idempotency_key=idempotency_key
        )

    def refund(self, payment, amount=None, *, reason: str = "", idempotency_key: str = ""):
        """django-payments' contract: refund ``amount`` (all when None) and return the amount."""
        data = self.cancel_payment(
            payment,
            amount=int(amount) if amount is not None else None,
            reason=reason or "refund",
            idempotency_key=idempotency_key,
        )
        cancels = data.get("cancels") or []
        return cancels[-1]["cancelAmount"] if cancels else int(amount or payment.captured_amount)

    def _headers(self, idempotency_key: str | None) -> dict[str, str]:
        token = base64.b64encode(f"{self.secret_key}:".encode()).decode()
        headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def _post(self, path: str, body: dict, *, idempotency_key: str | None = None) -> dict:
        try:
            response = requests.post(
                API_BASE + path,
                json=body,
                headers=self._headers(idempotency_key),
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            logger.warning("Toss %s failed: %s", path, exc)
            raise TossUnavailable(str(exc)) from exc
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code == 401 or response.status_code >= 500:
            logger.error("Toss %s answered %s: %s", path, response.status_code, data)
            raise TossUnavailable(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise TossDeclined(
                code=str(data.get("code", "UNKNOWN")),
                message=str(data.get("message", "")),
                http_status=response.status_code,
            )
        return data
