"""Per-request context and the runtime the sandbox app carries (no Starlette import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


def paged(data: list[dict[str, Any]]) -> dict[str, Any]:
    """Meta's list shape with cursors."""
    return {
        "data": data,
        "paging": {"cursors": {"before": "QVFIUmJlZm9yZQ", "after": "QVFIUmFmdGVy"}},
    }
