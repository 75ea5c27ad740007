"""GraphError and the facts about Graph errors the client and the error cards share.

A failed Graph call becomes a :class:`GraphError`: Meta's ``{"error": {...}}``
envelope parsed by :func:`parse_error_envelope`, or a ``timeout``/``network``/
``server``/``malformed`` error built by the client. Its text never holds a
secret or a URL. The code sets say which codes are worth retrying.
"""

from __future__ import annotations

from typing import Any, Literal

ErrorKind = Literal["api", "timeout", "network", "server", "malformed", "input"]
"""``api``: Meta's error envelope; ``timeout``/``network``: no (whole) answer in time;
``server``: a 5xx or non-JSON answer without an envelope; ``malformed``: a 2xx
answer that is not the JSON object we expected (or one far too large); ``input``: a value
of ours that cannot be sent (a 70 KB "token"), so nothing was sent."""

TRANSIENT_CODES = frozenset({1, 2, 4, 17, 32, 613, 80007, 130429, 131000, 131016, 131057, 133004})
"""Graph error codes worth retrying (graph-api.md §11)."""

RATE_LIMIT_CODES = frozenset({4, 17, 32, 341, 613, 80007, 130429, 131056, 133016})
"""Throttling codes: waiting helps, though an immediate retry may not."""

JsonObject = dict[str, Any]


class GraphError(Exception):
    """A failed Graph call, as data. Its text never contains a secret or a URL."""

    def __init__(
        self,
        message: str,
        *,
        kind: ErrorKind = "api",
        code: int | None = None,
        subcode: int | None = None,
        type: str | None = None,  # noqa: A002 - Meta's field name
        details: str | None = None,
        fbtrace_id: str | None = None,
        http_status: int | None = None,
        is_transient: bool | None = None,
        endpoint: str | None = None,
        request_sent: bool = True,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind: ErrorKind = kind
        self.code = code
        self.subcode = subcode
        self.type = type
        self.details = details
        self.fbtrace_id = fbtrace_id
        self.http_status = http_status
        self.is_transient = is_transient
        self.endpoint = endpoint
        self.request_sent = request_sent
        """False when the connection failed before the request left: nothing was done."""
        self.repeatable = True
        """False for a call that must not happen twice (a send): the client did not resend
        it, and the error card must not promise that it will."""
        """Path template such as ``/oauth/access_token``, without query or ids of secrets."""

    @property
    def retryable(self) -> bool:
        """Whether trying again later can help."""
        if self.kind in ("timeout", "network", "server"):
            return True
        if self.is_transient:
            return True
        return self.code in TRANSIENT_CODES

    @property
    def outcome_unknown(self) -> bool:
        """True when the request left but no verdict came back (a timeout, a dropped
        connection, a 5xx without Meta's envelope): Meta may well have done it."""
        if not self.request_sent:
            return False
        if self.kind in ("timeout", "network", "server"):
            return True
        return self.kind == "malformed" and 200 <= (self.http_status or 0) < 300

    def __str__(self) -> str:
        if self.code is None:
            return self.message
        sub = f"/{self.subcode}" if self.subcode is not None else ""
        return f"{self.message} (code {self.code}{sub})"

    def to_dict(self) -> JsonObject:
        """The error as JSON-ready data (for reports and ``--json`` output)."""
        return {
            "kind": self.kind,
            "code": self.code,
            "subcode": self.subcode,
            "type": self.type,
            "message": self.message,
            "details": self.details,
            "fbtrace_id": self.fbtrace_id,
            "http_status": self.http_status,
            "endpoint": self.endpoint,
        }


def parse_error_envelope(
    payload: object, http_status: int | None, endpoint: str | None = None
) -> GraphError | None:
    """Turn Meta's ``{"error": {...}}`` into a GraphError, or None if absent."""
    if not isinstance(payload, dict):
        return None
    error = payload.get("error")
    if not isinstance(error, dict):
        return None
    details: str | None = None
    data = error.get("error_data")
    if isinstance(data, dict):
        raw = data.get("details")
        details = str(raw) if raw is not None else None
    elif isinstance(data, str):
        details = data
    code = as_int(error.get("code"))
    subcode = as_int(error.get("error_subcode"))
    transient = error.get("is_transient")
    return GraphError(
        str(error.get("message") or "The Graph API returned an error without a message."),
        kind="api",
        code=code,
        subcode=subcode,
        type=str(error["type"]) if error.get("type") is not None else None,
        details=details,
        fbtrace_id=str(error["fbtrace_id"]) if error.get("fbtrace_id") is not None else None,
        http_status=http_status,
        is_transient=bool(transient) if isinstance(transient, bool) else None,
        endpoint=endpoint,
    )


def as_int(value: object) -> int | None:
    """An integer from Meta's JSON (int, float or ASCII-digit string), else None.

    ``str.isdigit()`` accepts '¹' and '١', which ``int()`` refuses: only ASCII counts.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith("-") else text
        if digits.isascii() and digits.isdigit():
            return int(text)
    return None
    if isinstance(value, int):
        return value
    if (
        isinstance(value, str)
        and value.strip().lstrip("-").isascii()
        and value.strip().lstrip("-").isdigit()
    ):
        return int(value)
    return None
