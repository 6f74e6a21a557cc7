"""Tell the app that asked for a charge when its order is paid.

Some payments complete later than the ``charge`` call (Toss: when the phone confirms), so the app
that owns the purpose registers a handler, in its AppConfig.ready(), through the facade::

    payments.on_order_paid("transit.trip", ticket_mark_paid)   # handler(order_id, reference)

Handlers run after the payment's transaction commits, must be idempotent (a handler may see the
same order twice) and must not raise; a failing handler is logged and the next one still runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from uuid import UUID

from django.db import transaction

logger = logging.getLogger(__name__)

PaidHandler = Callable[[UUID, str], None]
_handlers: dict[str, list[PaidHandler]] = {}


def on_order_paid(purpose: str, handler: PaidHandler) -> None:
    handlers = _handlers.setdefault(purpose, [])
    if handler not in handlers:
        handlers.append(handler)


def order_paid(*, order_id: UUID, purpose: str, reference: str) -> None:
    def dispatch() -> None:
        for handler in _handlers.get(purpose, []):
            try:
                handler(order_id, reference)
            except Exception:
                logger.exception("paid handler %r for %s failed", handler, order_id)

    transaction.on_commit(dispatch)
