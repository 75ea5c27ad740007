"""Meta's error envelope, exactly as graph-api.md §11.1 shows it."""

from __future__ import annotations

import secrets
import string
from typing import Any

_TRACE_ALPHABET = string.ascii_letters + string.digits + "_-"

UNSUPPORTED = (
    "Unsupported {method} request. Object with ID '{id}' does not exist, cannot be loaded due "
    "to missing permissions, or does not support this operation. Please read the Graph API "
    "documentation at https://developers.facebook.com/docs/graph-api"
)


def fbtrace_id() -> str:
    """Random opaque id of 11-27 characters from ``[A-Za-z0-9_-]``."""
    length = 11 + secrets.randbelow(17)
    return "".join(secrets.choice(_TRACE_ALPHABET) for _ in range(length))


def whatsapp_status(code: int) -> int:
    """HTTP status per Meta's WhatsApp error-code table (graph-api.md §11.1)."""
    if code in (0, 190):
        return 401
    if code == 10 or 200 <= code <= 299 or code in (368, 131005, 131031, 130497):
        return 403
    if code == 132001:
        return 404
    if code in (3, 131000, 131016, 131045, 131057, 133000):
        return 500
    if code in (2, 133004):
        return 503
    return 400


class GraphFault(Exception):
    """An error the sandbox answers with; raised anywhere inside a handler.

    Args:
        status: HTTP status; None lets the router decide (400 on core endpoints,
            the WhatsApp table on WhatsApp endpoints).
        auth: ``invalid_token`` / ``invalid_request`` adds a ``WWW-Authenticate`` header.
        details: ``error_data.details`` (with ``messaging_product`` on WhatsApp endpoints).
    """

    def __init__(
        self,
        code: int,
        message: str,
        *,
        type: str = "OAuthException",  # noqa: A002 - Meta's field name
        subcode: int | None = None,
        details: str | None = None,
        status: int | None = None,
        auth: str | None = None,
        is_transient: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.type = type
        self.subcode = subcode
        self.details = details
        self.status = status
        self.auth = auth
        self.is_transient = is_transient

    def body(self, *, whatsapp: bool) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message, "type": self.type, "code": self.code}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        if self.details is not None:
            data: dict[str, str] = {"details": self.details}
            if whatsapp:
                data = {"messaging_product": "whatsapp", **data}
            error["error_data"] = data
        if self.is_transient is not None:
            error["is_transient"] = self.is_transient
        error["fbtrace_id"] = fbtrace_id()
        return {"error": error}

    def http_status(self, *, whatsapp: bool) -> int:
        if self.status is not None:
            return self.status
        return whatsapp_status(self.code) if whatsapp else 400

    def headers(self) -> dict[str, str]:
        if not self.auth:
            return {}
        text = self.message.replace('"', "'")
        return {"WWW-Authenticate": f'OAuth "Facebook Platform" "{self.auth}" "{text}"'}


def unsupported(method: str, object_id: str) -> GraphFault:
    """100/33: unknown object, no access, or an operation the object does not support."""
    return GraphFault(
        100,
        UNSUPPORTED.format(method=method.lower(), id=object_id),
        type="GraphMethodException",
        subcode=33,
    )


def unknown_path(edge: str) -> GraphFault:
    return GraphFault(2500, f"Unknown path components: /{edge}")


def invalid_parameter(details: str, message: str = "(#100) Invalid parameter") -> GraphFault:
    return GraphFault(100, message, details=details)


def missing_parameter(name: str) -> GraphFault:
    return GraphFault(
        131008,
        "(#131008) Required parameter is missing",
        details=f"The parameter {name} is required.",
    )


def cannot_parse_token() -> GraphFault:
    return GraphFault(
        190, "Invalid OAuth access token - Cannot parse access token", auth="invalid_token"
    )


CANNED: dict[int, tuple[str, bool | None, int | None, str | None]] = {
    1: ("An unknown error occurred", None, None, None),
    2: ("An unexpected error has occurred. Please retry your request later.", True, None, None),
    4: ("(#4) Application request limit reached", True, None, None),
    17: ("(#17) User request limit reached", True, 2446079, None),
    32: ("(#32) Page request limit reached", True, None, None),
    368: ("(#368) Temporarily blocked for policies violations", None, None, None),
    613: ("(#613) Calls to this api have exceeded the rate limit.", True, None, None),
    80007: ("(#80007) Rate limit issues", None, None, "WhatsApp Business Account rate limit hit."),
    130429: (
        "(#130429) Rate limit hit",
        None,
        2494055,
        "Cloud API message throughput has been reached.",
    ),
    131000: ("(#131000) Something went wrong", None, None, "Something went wrong."),
    131016: ("(#131016) Service unavailable", None, None, "A service is temporarily unavailable."),
    131031: ("(#131031) Business Account locked", None, None, "Business account is locked."),
    131056: (
        "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        None,
        None,
        "Message failed to send because there were too many messages sent from this phone "
        "number to the same phone number in a short period of time.",
    ),
    133004: (
        "(#133004) Server temporarily unavailable",
        None,
        None,
        "Server is temporarily unavailable.",
    ),
}
"""Fault-injection error bodies: code -> (message, is_transient, subcode, details)."""


def canned(code: int, subcode: int | None = None) -> GraphFault:
    """A realistic error for ``code`` (unknown codes get a generic ``(#code)`` message)."""
    message, transient, default_sub, details = CANNED.get(
        code, (f"(#{code}) Simulated error", None, None, None)
    )
    if code == 190:
        message = "Error validating access token: simulated by the sandbox."
    return GraphFault(
        code,
        message,
        subcode=subcode if subcode is not None else default_sub,
        details=details,
        is_transient=transient,
        auth="invalid_token" if code == 190 else None,
    )
