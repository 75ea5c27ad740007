"""A reference webhook receiver: what a correct endpoint does, as an ASGI app.

It answers the handshake only for the right verify token (403 otherwise), verifies
``X-Hub-Signature-256`` over the raw bytes (401 on mismatch) and reports each
delivery as redacted one-line summaries. Used by ``wa-wizard webhook-listen``, the
TUI and the tests; Starlette and uvicorn are imported lazily.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from wizard.core.body_limit import MAX_BODY, BodyLimit
from wizard.core.config import is_loopback_host
from wizard.core.loopback import LoopbackServer
from wizard.core.webhook.events import summarize_event
from wizard.core.webhook.signing import SIGNATURE_HEADER, verify_signature

if TYPE_CHECKING:
    from starlette.applications import Starlette


FORWARDED_HEADER = "X-WA-Wizard-Forwarded"
"""Set on every request the receiver forwards; a receiver never forwards such a request
again, so two listeners pointed at each other (or at themselves) cannot loop."""

FORWARD_DEADLINE = 10.0
"""Seconds a forward may take in all (connect to status line)."""

MAX_LOG = 1000
"""Deliveries kept in a :class:`ReceiverLog`: a flood must not grow the process."""


@dataclass(frozen=True)
class Delivery:
    """One request the receiver handled."""

    kind: str
    """``handshake``, ``handshake_refused``, ``event``, ``bad_signature``, ``bad_json``,
    ``too_large``, ``forwarded`` or ``not_forwarded`` (it was itself a forward)."""
    lines: list[str]
    """Redacted summaries, one per status/message; a reason for refusals."""
    payload: Any = None
    """The parsed JSON of a verified event (None otherwise)."""
    raw: bytes = b""
    """The body of a verified event (kept to spot duplicates); empty for refusals."""


@dataclass
class ReceiverLog:
    """Everything the receiver saw, in order; thread-safe enough for tests to poll."""

    deliveries: list[Delivery] = field(default_factory=list)

    def events(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.kind == "event"]

    def statuses(self) -> list[str]:
        """Every ``statuses[].status`` seen in verified events."""
        found: list[str] = []
        for delivery in self.events():
            for entry in delivery.payload.get("entry", []):
                for change in entry.get("changes", []):
                    for status in change.get("value", {}).get("statuses", []) or []:
                        found.append(str(status.get("status")))
        return found


def create_receiver_app(
    verify_token: str | None,
    app_secret: str | None,
    *,
    path: str = "/webhook",
    on_delivery: Callable[[Delivery], None] | None = None,
    log: ReceiverLog | None = None,
    forward_to: str | None = None,
) -> Starlette:
    """The receiver as a Starlette app; ``app.state.log`` is its :class:`ReceiverLog`.

    Without a verify token every handshake is refused; without an app secret every
    event is refused: a receiver that trusts anything teaches the wrong lesson.
    With ``forward_to``, verified events are re-posted there byte for byte, with
    their signature, after the 200 went out (like ``stripe listen --forward-to``).
    """
    from starlette.applications import Starlette
    from starlette.background import BackgroundTask
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    record = log if log is not None else ReceiverLog()

    def emit(delivery: Delivery) -> None:
        record.deliveries.append(delivery)
        if len(record.deliveries) > MAX_LOG:
            del record.deliveries[: len(record.deliveries) - MAX_LOG]
        if on_delivery is not None:
            on_delivery(delivery)

    def too_large() -> None:
        emit(Delivery("too_large", [f"refused a request with 413 (body over {MAX_BODY:,} bytes)"]))

    async def handshake(request: Request) -> Response:
        query = request.query_params
        mode, token = query.get("hub.mode"), query.get("hub.verify_token")
        challenge = query.get("hub.challenge", "")
        if mode == "subscribe" and verify_token and _same(token, verify_token):
            emit(Delivery("handshake", ["handshake answered (verify token matches)"]))
            return PlainTextResponse(challenge)
        reason = "no verify token configured" if not verify_token else "verify token mismatch"
        emit(Delivery("handshake_refused", [f"handshake refused with 403 ({reason})"]))
        return PlainTextResponse("Forbidden", status_code=403)

    async def event(request: Request) -> Response:
        raw = await request.body()
        header = request.headers.get(SIGNATURE_HEADER)
        if not app_secret or not verify_signature(raw, header, app_secret):
            why = "no app secret configured" if not app_secret else "signature mismatch"
            if app_secret and not header:
                why = f"missing {SIGNATURE_HEADER}"
            emit(Delivery("bad_signature", [f"rejected POST with 401 ({why})"]))
            return PlainTextResponse("Invalid signature", status_code=401)
        try:
            payload = json.loads(raw)
        except ValueError:
            emit(Delivery("bad_json", ["rejected POST with 400 (body is not JSON)"]))
            return PlainTextResponse("Bad JSON", status_code=400)
        lines = summarize_event(payload)
        if any(d.kind == "event" and d.raw == raw for d in record.deliveries):
            # Meta delivers some events more than once: receivers must be idempotent.
            lines = [f"{line} (duplicate delivery)" for line in lines]
        emit(Delivery("event", lines, payload=payload, raw=raw))
        task = None
        if forward_to and request.headers.get(FORWARDED_HEADER):
            emit(Delivery("not_forwarded", ["not forwarded: it was forwarded here already"]))
        elif forward_to:
            task = BackgroundTask(forward, raw, header or "")
        return PlainTextResponse("OK", background=task)

    async def forward(raw: bytes, signature: str) -> None:
        emit(Delivery("forwarded", [await forward_event(forward_to or "", raw, signature)]))

    route_path = "/" + path.strip("/") if path.strip("/") else "/"
    routes = [
        Route(route_path, handshake, methods=["GET"]),
        Route(route_path, event, methods=["POST"]),
    ]
    middleware = [Middleware(BodyLimit, on_refused=too_large)]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.log = record
    return app


def _is_unspecified(host: str) -> bool:
    """The "any address" (0.0.0.0, ::): a listener bound there answers on loopback too."""
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def same_endpoint(url: str, port: int, path: str) -> bool:
    """True when ``url`` is this machine's ``port`` and ``path`` (localhost = 127.0.0.1 = ::1).

    Raises:
        ValueError: ``url`` is not a valid URL (e.g. its port is out of range).
    """
    parts = urlsplit(url)
    target_port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname or ""
    here = is_loopback_host(host) or _is_unspecified(host)
    return here and target_port == port and parts.path.rstrip("/") == path.rstrip("/")


async def forward_event(url: str, raw: bytes, signature: str) -> str:
    """POST a verified event on to ``url``; returns a one-line, secret-free outcome.

    Marked with :data:`FORWARDED_HEADER`; bounded by :data:`FORWARD_DEADLINE` in all, and
    only the status line of the answer is read.
    """
    import httpx

    from wizard.core.webhook.diagnose import classify_exception

    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: signature,
        FORWARDED_HEADER: "1",
    }

    async def post() -> int:
        async with (
            httpx.AsyncClient(timeout=FORWARD_DEADLINE, trust_env=False) as client,
            client.stream("POST", url, content=raw, headers=headers) as response,
        ):
            return response.status_code

    try:
        status = await asyncio.wait_for(post(), FORWARD_DEADLINE)
    except asyncio.TimeoutError:
        return f"forward failed: no complete answer within {FORWARD_DEADLINE:.0f} s"
    except httpx.HTTPError as exc:
        return f"forward failed: {classify_exception(exc, url).detail}"
    return f"forwarded: HTTP {status}"


class ReceiverServer(LoopbackServer):
    """The receiver on 127.0.0.1 in a background thread (tests, the wizard's Listen)."""

    name = "webhook receiver"


def _same(given: str | None, expected: str) -> bool:
    """Compare the verify token in constant time: it is a shared secret."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
