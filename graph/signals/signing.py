"""The signature of a webhook delivery, the way Stripe and GitHub sign: an HMAC-SHA256 of
``"<timestamp>.<body>"`` with the webhook's secret, sent as
``Accountmap-Signature: t=<unix seconds>,v1=<hex digest>``. The timestamp is signed too, so a
receiver that refuses old timestamps (``DEFAULT_TOLERANCE_S``) is safe from replayed requests;
``verify_signature`` is what a receiver written in Python runs (docs/SIGNALS.md shows it)."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "Accountmap-Signature"
EVENT_ID_HEADER = "Accountmap-Event-Id"
"""The idempotency id: the event's id, the same on every attempt and replay."""
EVENT_TYPE_HEADER = "Accountmap-Event-Type"
DELIVERY_ID_HEADER = "Accountmap-Delivery-Id"
DEFAULT_TOLERANCE_S = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp`` (unix seconds)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify_signature(
    secret: str, header: str, body: bytes, now: int, tolerance_s: int = DEFAULT_TOLERANCE_S
) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` and its timestamp is within
    ``tolerance_s`` of ``now`` (compared in constant time)."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    timestamp, given = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance_s:
        return False
    expected = sign(secret, int(timestamp), body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, given)
