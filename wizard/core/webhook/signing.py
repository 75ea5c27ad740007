"""Webhook signatures: ``X-Hub-Signature-256`` over the raw body with the app secret (§9.2)."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Hub-Signature-256"


SIGNATURE_PREFIX = "sha256="


def sign(body: bytes, app_secret: str) -> str:
    """The ``X-Hub-Signature-256`` value Meta would send for ``body``."""
    digest = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify_signature(body: bytes, header: str | None, app_secret: str) -> bool:
    """Whether ``header`` is the valid signature of the raw ``body`` (constant time)."""
    if not header or not app_secret:
        return False
    expected = sign(body, app_secret)
    candidate = header.strip()
    if candidate[: len(SIGNATURE_PREFIX)].lower() == SIGNATURE_PREFIX:
        candidate = SIGNATURE_PREFIX + candidate[len(SIGNATURE_PREFIX) :].lower()
    return hmac.compare_digest(expected.encode(), candidate.encode("utf-8", "replace"))
