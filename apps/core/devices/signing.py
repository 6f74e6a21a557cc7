"""The request signature devices send. docs/devices.md is the contract; scripts/device_client.py
is the reference client, and a test signs with it so the two cannot drift apart.

Canonical string (lines joined by "\\n", no trailing newline)::

    IEUM-HMAC-SHA256
    <METHOD, upper case>
    <path, percent-encoded, e.g. /api/v1/devices/heartbeat/>
    <query: name=value pairs percent-encoded (RFC 3986), sorted, joined by "&"; empty if none>
    <X-Ieum-Timestamp: unix seconds>
    <X-Ieum-Nonce>
    <SHA-256 of the body, lower-case hex (of the empty string when there is no body)>

X-Ieum-Signature = lower-case hex HMAC-SHA256(key = the secret's UTF-8 bytes, canonical string).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from urllib.parse import quote

ALGORITHM = "IEUM-HMAC-SHA256"
HEADER_KEY = "X-Ieum-Key"
HEADER_TIMESTAMP = "X-Ieum-Timestamp"
HEADER_NONCE = "X-Ieum-Nonce"
HEADER_SIGNATURE = "X-Ieum-Signature"
HEADER_CONTENT_SHA256 = "X-Ieum-Content-SHA256"  # optional: lets us say "body altered" clearly
HEADERS = (HEADER_KEY, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_SIGNATURE)

KEY_ID_RE = re.compile(r"^dk_[A-Za-z0-9]{8,37}$")
NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
TIMESTAMP_RE = re.compile(r"^[0-9]{1,12}$")
SIGNATURE_RE = re.compile(r"^[0-9a-fA-F]{64}$")


def _encode(text: str) -> str:
    return quote(text, safe="-_.~")


def canonical_path(path: str) -> str:
    """``path`` is the decoded path (Django's ``request.path``)."""
    return quote(path, safe="/-_.~")


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """``pairs`` are decoded (name, value) pairs, repeated names included."""
    return "&".join(f"{n}={v}" for n, v in sorted((_encode(n), _encode(v)) for n, v in pairs))


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def canonical_string(
    *, method: str, path: str, query: str, timestamp: str, nonce: str, body_hash: str
) -> str:
    return "\n".join([ALGORITHM, method.upper(), path, query, timestamp, nonce, body_hash])


def signature(*, secret: str, canonical: str) -> str:
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def signatures_match(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.lower().encode())
