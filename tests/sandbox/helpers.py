"""Small helpers shared by the sandbox tests."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import httpx


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def proof(token: str, secret: str, at: int | None = None) -> str:
    message = token if at is None else f"{token}|{at}"
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The ``error`` object, after checking the envelope's invariant fields."""
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["type"], str)
    assert isinstance(error["code"], int)
    trace = error["fbtrace_id"]
    assert 11 <= len(trace) <= 27
    assert all(c.isalnum() or c in "_-" for c in trace)
    return error
