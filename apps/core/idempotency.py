"""Idempotency keys, one way for every app (Stripe's rule): a retried request with the same key
gets the first answer and never acts — charges, books, sends — twice; the same key with a
*different* request is refused with 409 ``idempotency_key_reused``.

    key = idempotency_key_clean(raw=request.headers.get("Idempotency-Key"))
    fingerprint = request_fingerprint(purpose=..., lines=...)
    order, created = idempotent_create(
        fingerprint=fingerprint,
        find=lambda: stored answer and its fingerprint, or None,
        create=lambda: the work, inside a transaction; it stores the key under a unique constraint,
    )

Two requests racing with one key: the second fails on the unique constraint when the first
commits, and is answered with the first one's result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction

from .errors import CoreError

T = TypeVar("T")

MAX_KEY_LENGTH = 255


def idempotency_key_clean(*, raw: str | None, max_length: int = MAX_KEY_LENGTH) -> str:
    key = (raw or "").strip()
    if not key or len(key) > max_length:
        raise CoreError.idempotency_key_required(max_length=max_length)
    return key


def request_fingerprint(**request: Any) -> str:
    """A stable hash of what the request asks for (JSON-ready values)."""
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_check(*, stored: str, fingerprint: str) -> None:
    if stored != fingerprint:
        raise CoreError.idempotency_key_reused()


def idempotent_create(
    *,
    fingerprint: str,
    find: Callable[[], tuple[T, str] | None],
    create: Callable[[], T],
) -> tuple[T, bool]:
    """Return ``(result, created)``: the stored answer for this key, or ``create()``'s."""
    found = find()
    if found is not None:
        idempotency_check(stored=found[1], fingerprint=fingerprint)
        return found[0], False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        found = find()
        if found is None:
            raise
        idempotency_check(stored=found[1], fingerprint=fingerprint)
        return found[0], False
