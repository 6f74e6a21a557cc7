"""Reference client for Ieum's signed device requests (docs/devices.md shows this same file).

    IEUM_URL=https://ieum.gimhae.go.kr IEUM_KEY_ID=dk_... IEUM_SECRET=... \
        python scripts/device_client.py '{"battery_percent": 87, "firmware": "1.4.2"}'

Needs only `requests`. Copy `sign_request` into device firmware tools as it is.
"""

import hashlib
import hmac
import json
import os
import secrets
import sys
import time
from urllib.parse import parse_qsl, quote, unquote, urlsplit


def _encode(text: str) -> str:
    return quote(text, safe="-_.~")


def sign_request(
    *,
    key_id: str,
    secret: str,
    method: str,
    url: str,
    body: bytes = b"",
    timestamp: int | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """The X-Ieum-* headers for one request. `url` may be a full URL or a path with a query."""
    parts = urlsplit(url)
    path = quote(unquote(parts.path), safe="/-_.~")
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = "&".join(f"{n}={v}" for n, v in sorted((_encode(n), _encode(v)) for n, v in pairs))
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or secrets.token_hex(16)
    body_hash = hashlib.sha256(body).hexdigest()
    canonical = "\n".join(
        ["IEUM-HMAC-SHA256", method.upper(), path, query, timestamp, nonce, body_hash]
    )
    signature = hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()
    return {
        "X-Ieum-Key": key_id,
        "X-Ieum-Timestamp": timestamp,
        "X-Ieum-Nonce": nonce,
        "X-Ieum-Signature": signature,
    }


def send(method: str, url: str, payload: dict | None = None):
    import requests

    body = json.dumps(payload).encode() if payload is not None else b""
    headers = sign_request(
        key_id=os.environ["IEUM_KEY_ID"],
        secret=os.environ["IEUM_SECRET"],
        method=method,
        url=url,
        body=body,
    )
    if payload is not None:
        headers["Content-Type"] = "application/json"
    # Send exactly the bytes that were signed (not requests' json= re-encoding).
    return requests.request(method, url, data=body, headers=headers, timeout=10)


if __name__ == "__main__":
    base = os.environ.get("IEUM_URL", "http://localhost:8000").rstrip("/")
    status = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    response = send("POST", f"{base}/api/v1/devices/heartbeat/", status)
    print(response.status_code, response.text)
    sys.exit(0 if response.ok else 1)
