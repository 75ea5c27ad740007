"""Refuse request bodies over a size limit, before and while they arrive (ASGI middleware).

A server on 127.0.0.1 that is exposed through a tunnel (webhook-listen) takes requests
from anyone. Without a limit, ten 100 MB POSTs take the process past 1 GB. This wraps
any ASGI app: a declared ``Content-Length`` over the limit is answered 413 at once,
without reading the body; a body without a length (chunked) is counted while it
streams and refused the moment it passes the limit. Nothing of a refused request is
kept. A body a little over the limit is read on and dropped by the server, so the client
gets to read the 413; past :data:`CLOSE_FACTOR` times the limit, or when the length is
unknown, the connection is closed instead so the rest is never read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 1024 * 1024
"""1 MB: Meta's webhook deliveries and Graph requests are a few KB."""

CLOSE_FACTOR = 8
"""Declared bodies over this many times the limit are not drained: the connection closes."""

Refusal = Callable[[], tuple[bytes, bytes]]
"""Makes the 413's body and content type (called per refusal: the sandbox's carry a fresh
fbtrace_id)."""


def plain_refusal() -> tuple[bytes, bytes]:
    return b"Request body larger than 1 MB", b"text/plain; charset=utf-8"


class BodyTooLarge(Exception):
    """Raised into the app when a streamed body passes the limit (the app never sees it)."""


def declared_length(scope: Scope) -> int | None:
    """The request's Content-Length, or None when absent or not a number."""
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


class BodyLimit:
    """``BodyLimit(app)``: 413 for bodies over ``max_bytes``; everything else passes through.

    Args:
        refusal: the 413's body and content type (the sandbox answers in Meta's envelope).
        on_refused: called once per refused request (e.g. to print a line).
    """

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int = MAX_BODY,
        *,
        refusal: Refusal = plain_refusal,
        on_refused: Callable[[], None] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.refusal = refusal
        self.on_refused = on_refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send, close=declared > CLOSE_FACTOR * self.max_bytes)
            return
        seen = 0
        exceeded = False
        started = False

        async def counted() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    exceeded = True
                    raise BodyTooLarge  # the chunk is dropped with the frame
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # whatever the app answers to the exception (a 500) is not sent
            if message.get("type") == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await self._refuse(send, close=True)

    async def _refuse(self, send: Send, *, close: bool) -> None:
        if self.on_refused is not None:
            self.on_refused()
        body, content_type = self.refusal()
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
        if close:
            headers.append((b"connection", b"close"))  # never read the rest of the body
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
