"""What changes while the sandbox runs, kept apart from the frozen world."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from wizard.sandbox.access import BusinessState, LoginState
from wizard.sandbox.world import TokenSpec, World


@dataclass
class AppSubscription:
    """One ``/{app-id}/subscriptions`` entry (graph-api.md §9.5)."""

    object: str
    callback_url: str
    verify_token: str
    fields: tuple[str, ...]
    version: str


@dataclass
class SentMessage:
    wamid: str
    phone_id: str
    to: str
    wa_id: str
    type: str
    body: dict[str, Any]


@dataclass
class Delivery:
    """One webhook POST attempt made by the sandbox."""

    wamid: str
    status: str
    url: str
    attempt: int
    http_status: int | None
    """None when the endpoint could not be reached."""
    body: bytes
    signature: str
    duplicate: bool = False


@dataclass
class RegistrationState:
    """Per phone id: what ``request_code`` / ``verify_code`` / ``register`` have seen."""

    codes_requested: dict[str, int] = field(default_factory=dict)
    """Code requests since the last successful verification (136024 past the limit)."""
    code_pending: set[str] = field(default_factory=set)
    """A code was sent and not used up yet."""
    code_misses: dict[str, int] = field(default_factory=dict)
    verified: set[str] = field(default_factory=set)
    pins: dict[str, str] = field(default_factory=dict)
    """The two-step PIN a number got on its first registration."""
    pin_misses: dict[str, int] = field(default_factory=dict)


@dataclass
class SandboxState:
    """Mutable state: subscriptions, exchanged tokens, sends and webhook deliveries."""

    world: World
    app_subscriptions: dict[str, dict[str, AppSubscription]] = field(default_factory=dict)
    """app id -> object -> subscription."""
    waba_subscribed_apps: dict[str, dict[str, str | None]] = field(default_factory=dict)
    """WABA id -> app id -> override callback URI."""
    phone_overrides: dict[str, str] = field(default_factory=dict)
    """Phone number id -> override callback URI (``POST /{phone-number-id}``, §19.8)."""
    issued: dict[str, TokenSpec] = field(default_factory=dict)
    """Tokens minted by exchanges, by token string."""
    revoked: set[str] = field(default_factory=set)
    registered: set[str] = field(default_factory=set)
    """Phone ids registered through ``/register`` while running."""
    registration: RegistrationState = field(default_factory=RegistrationState)
    """Codes requested and verified, PINs and wrong guesses (routes/registration.py)."""
    sent: list[SentMessage] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    rng: random.Random = field(default_factory=random.Random)
    login: LoginState = field(default_factory=LoginState)
    """The OAuth dialog's switches and the codes it handed out (routes/login.py)."""
    business: BusinessState = field(init=False)
    """System users, their installed apps and WABA assignments (routes/system_users.py)."""
    _pending: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rng.seed(self.world.seed + 1)
        self.business = BusinessState.of(self.world)
        for waba in self.world.wabas:
            self.waba_subscribed_apps[waba.id] = (
                {self.world.app.id: None} if waba.subscribed_at_start else {}
            )
        for object_id, uri in self.world.overrides:  # left by "another tool" (world override)
            if object_id in self.waba_subscribed_apps:
                self.waba_subscribed_apps[object_id][self.world.app.id] = uri
            else:
                self.phone_overrides[object_id] = uri

    def now(self) -> float:
        """World time: ``world.now`` plus the real seconds since the state was made."""
        return self.world.now + (time.time() - self.started)

    def lookup(self, token: str) -> TokenSpec | None:
        return self.world.find_token(token) or self.issued.get(token)

    def phone_registered(self, phone_id: str) -> bool:
        phone = next((p for p in self.world.phones if p.id == phone_id), None)
        return phone is not None and (phone.status == "CONNECTED" or phone_id in self.registered)

    # Background webhook tasks: counted under a lock so another thread can wait.

    def track(self, task: asyncio.Task[None]) -> None:
        with self._lock:
            self._pending += 1
            self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        with self._lock:
            self._pending -= 1
            self._tasks.discard(task)

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    async def wait_deliveries(self, timeout: float = 10.0) -> bool:
        """Wait until every scheduled webhook delivery finished; False on timeout.

        Works whether the sandbox runs in this event loop (in-process transport)
        or in a server thread: it polls a thread-safe counter.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.pending:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.01)
        return True
