"""Per-request context and the runtime the sandbox app carries (no Starlette import)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from wizard.sandbox.errors import GraphFault
from wizard.sandbox.faults import FaultPlan
from wizard.sandbox.state import SandboxState
from wizard.sandbox.world import World

DEFAULT_VERSION = "v25.0"
"""Used for unversioned paths (graph-api.md §12: Meta picks a default too)."""


@dataclass
class Runtime:
    """Everything one sandbox app serves; tests swap parts of it between requests."""

    world: World
    state: SandboxState
    faults: FaultPlan = field(default_factory=FaultPlan)
    require_proof: bool = False
    """Meta's "Require App Secret" switch for the practice app."""
    latency_ms: int = 0
    handshake_timeout: float = 5.0
    """Seconds the subscription handshake waits for the callback (Meta: about 5 s)."""
    webhook_attempts: int = 3
    webhook_retry_delay: float = 0.05
    status_delay: float = 0.0
    """Seconds between the sent, delivered and read webhooks."""

    def reset(self, world: World | None = None) -> None:
        """Start over: fresh state, no faults, proofs optional (per-test isolation)."""
        if world is not None:
            self.world = world
        self.state = SandboxState(self.world)
        self.faults = FaultPlan()
        self.require_proof = False
        self.latency_ms = 0


@dataclass
class Ctx:
    """One Graph request as the handlers see it."""

    rt: Runtime
    method: str
    version: str
    path: str
    """Path after the version, e.g. ``/me/permissions``."""
    segments: list[str]
    params: dict[str, str]
    """Query string merged with form fields (or top-level JSON strings)."""
    json: dict[str, Any] | None
    headers: dict[str, str]
    whatsapp: bool = False
    """WhatsApp endpoint: error statuses follow Meta's WhatsApp table."""
    base_url: str = "https://graph.facebook.com"
    """Scheme and host the request came to (``paging.next`` is an absolute URL)."""

    @property
    def version_number(self) -> float:
        """``v23.0`` -> 23.0, for fields that exist from some version on."""
        return float(self.version.lstrip("v"))

    def token(self) -> str | None:
        """The access token of the request (query/form, or ``Authorization: Bearer``)."""
        auth = self.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip() or None
        return self.param("access_token")

    @property
    def world(self) -> World:
        return self.rt.world

    @property
    def state(self) -> SandboxState:
        return self.rt.state

    def param(self, name: str) -> str | None:
        value = self.params.get(name)
        return value if value not in (None, "") else None


def select_fields(
    full: dict[str, Any], ctx: Ctx, default: list[str], node_type: str
) -> dict[str, Any]:
    """Honour ``fields=``: the requested ones (plus ``id``), else ``default``.

    Raises:
        GraphFault: 100 for a field the node does not have, as Meta does.
    """
    raw = ctx.param("fields")
    names = [f.strip() for f in raw.split(",") if f.strip()] if raw else list(default)
    out: dict[str, Any] = {}
    for name in names:
        if name not in full:
            raise GraphFault(
                100, f"(#100) Tried accessing nonexisting field ({name}) on node type ({node_type})"
            )
        out[name] = full[name]
    if "id" in full:
        out["id"] = full["id"]
    return out


DEFAULT_LIMIT = 25
MAX_LIMIT = 100


def cursor(item_id: str) -> str:
    """An opaque cursor for an item (Meta's are base64 too)."""
    return base64.urlsafe_b64encode(f"c:{item_id}".encode()).decode().rstrip("=")


def _position(ctx: Ctx, ids: list[str], name: str) -> int | None:
    raw = ctx.param(name)
    if raw is None:
        return None
    try:
        decoded = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    if decoded.startswith("c:") and decoded[2:] in ids:
        return ids.index(decoded[2:])
    raise GraphFault(100, "(#100) Invalid parameter", details=f"Invalid cursor in {name}")


def paged(ctx: Ctx, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Meta's list paging (graph-api.md §19.5): ``limit`` (1-100, default 25), ``after``,
    ``before``; ``paging.next`` / ``previous`` only when there is more that way, as
    absolute URLs carrying the access token (a client must never follow them).

    Items are identified by ``id`` (or their position when they have none).
    """
    raw_limit = ctx.param("limit")
    limit = DEFAULT_LIMIT
    if raw_limit is not None:
        if not raw_limit.isdigit() or int(raw_limit) < 1:
            raise GraphFault(100, "(#100) Invalid parameter", details="limit must be 1-100")
        limit = min(int(raw_limit), MAX_LIMIT)
    ids = [str(item.get("id", n)) for n, item in enumerate(items)]
    after, before = _position(ctx, ids, "after"), _position(ctx, ids, "before")
    if after is not None:
        start = after + 1
    elif before is not None:
        start = max(0, before - limit)
    else:
        start = 0
    end = min(start + limit, len(items)) if before is None else before
    page = items[start:end]
    if not page:
        return {"data": []}
    paging: dict[str, Any] = {
        "cursors": {"before": cursor(ids[start]), "after": cursor(ids[end - 1])}
    }
    query = {k: v for k, v in ctx.params.items() if k not in ("after", "before", "access_token")}
    query["limit"] = str(limit)
    token = ctx.token() or ""
    url = f"{ctx.base_url}/{ctx.version}{ctx.path}"
    if start > 0:
        paging["previous"] = f"{url}?" + urlencode(
            {"access_token": token, **query, "before": cursor(ids[start])}
        )
    if end < len(items):
        paging["next"] = f"{url}?" + urlencode(
            {"access_token": token, **query, "after": cursor(ids[end - 1])}
        )
    return {"data": page, "paging": paging}
