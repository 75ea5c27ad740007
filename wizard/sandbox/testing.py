"""A handle on a running sandbox for tests (used by tests/conftest.py's ``sandbox`` fixture)."""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette

from wizard.sandbox.app import runtime_of
from wizard.sandbox.context import Runtime
from wizard.sandbox.faults import FaultPlan
from wizard.sandbox.state import SandboxState
from wizard.sandbox.world import World

if TYPE_CHECKING:
    import httpx


class SandboxHandle:
    """What a test needs: the URL, the world, the live state and the switches.

    ``faults`` and ``require_proof`` are settable between two HTTP calls; the
    server thread reads them on every request.
    """

    def __init__(self, app: Starlette, url: str) -> None:
        self.app = app
        self.url = url

    @property
    def runtime(self) -> Runtime:
        return runtime_of(self.app)

    @property
    def world(self) -> World:
        return self.runtime.world

    @property
    def state(self) -> SandboxState:
        return self.runtime.state

    @property
    def faults(self) -> FaultPlan:
        return self.runtime.faults

    @faults.setter
    def faults(self, plan: FaultPlan) -> None:
        self.runtime.faults = plan

    @property
    def require_proof(self) -> bool:
        return self.runtime.require_proof

    @require_proof.setter
    def require_proof(self, value: bool) -> None:
        self.runtime.require_proof = value

    def token(self, scenario: str) -> str:
        """A scenario token such as ``system-user`` (see the practice card)."""
        return self.world.token(scenario)

    @property
    def app_token(self) -> str:
        """``APP_ID|APP_SECRET`` of the practice app."""
        return f"{self.world.app.id}|{self.world.app.secret}"

    def reset(self, world: World | None = None) -> None:
        """Fresh state, no faults, proofs optional (called before every test)."""
        self.runtime.reset(world)

    async def wait_for_webhooks(self, timeout: float = 10.0) -> bool:
        """Wait for every scheduled status webhook (retries included); False on timeout."""
        return await self.state.wait_deliveries(timeout)


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
    assert isinstance(error["message"], str)
    assert error["message"]
    assert isinstance(error["type"], str)
    assert isinstance(error["code"], int)
    trace = error["fbtrace_id"]
    assert 11 <= len(trace) <= 27
    assert all(c.isalnum() or c in "_-" for c in trace)
    return error
