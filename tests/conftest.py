"""Shared fixtures: a clean environment for every test, and the sandbox Graph API.

Sandbox fixtures (see docs/architecture.md):

* ``world``: the practice world with a fixed seed and a fixed ``now``.
* ``sandbox``: a :class:`~wizard.sandbox.testing.SandboxHandle` on one real uvicorn
  server per session (127.0.0.1, free port), reset to ``world`` before each test.
* ``sandbox_url``: ``sandbox.url``.
* ``inprocess_transport``: an ``httpx.ASGITransport`` over a fresh app for ``world``
  (``runtime_of(transport.app)`` reaches its state).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

# Textual reads TEXTUAL_THEME at import time; keep the developer's theme out of snapshots.
os.environ.pop("TEXTUAL_THEME", None)

import pytest
from hypothesis import HealthCheck, settings

# CI machines are small and shared: data generation speed is not what these tests check.
settings.register_profile("wa-wizard", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("wa-wizard")

if TYPE_CHECKING:
    import httpx

    from wizard.sandbox.testing import SandboxHandle
    from wizard.sandbox.world import World

SANDBOX_SEED = 20261121
SANDBOX_NOW = 1_795_000_000.0
"""2026-11-17 (UTC): fixed so expiries and snapshots never drift."""


@pytest.fixture(autouse=True)
def clean_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Keep the developer's environment (colours, Graph URL, credentials) out of tests."""
    for name in ("NO_COLOR", "FORCE_COLOR", "WA_WIZARD_GRAPH_URL", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
    from wizard.core.state import KEY_ALIASES

    for keys in KEY_ALIASES.values():
        for key in keys:
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    # Registered secrets are process-wide: one test's fuzzed "secret" must not mask the next
    # test's output.
    from wizard.core.redact import forget_secrets

    forget_secrets()
    # Tests never write into the working tree (reports, .env files, snapshot reports).
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture
def world() -> World:
    """The practice world, fixed seed and fixed time."""
    from wizard.sandbox.world import build_world

    return build_world(seed=SANDBOX_SEED, now=SANDBOX_NOW)


@pytest.fixture(scope="session")
def _sandbox_session() -> Iterator[SandboxHandle]:
    from wizard.sandbox.app import create_app
    from wizard.sandbox.server import SandboxServer
    from wizard.sandbox.testing import SandboxHandle
    from wizard.sandbox.world import build_world

    app = create_app(build_world(seed=SANDBOX_SEED, now=SANDBOX_NOW))
    server = SandboxServer(app)
    url = server.start()
    yield SandboxHandle(app, url)
    server.stop()


@pytest.fixture
def live_world() -> World:
    """The practice world at the real time: what a command comparing expiries with the
    wall clock (doctor, exchange) must see. Same seed, so the same ids and tokens."""
    from wizard.sandbox.world import build_world

    return build_world(seed=SANDBOX_SEED)


@pytest.fixture
def sandbox(_sandbox_session: SandboxHandle, live_world: World) -> Iterator[SandboxHandle]:
    """The session's sandbox server, reset to ``live_world`` (no faults, proofs optional)."""
    _sandbox_session.reset(live_world)
    yield _sandbox_session
    _sandbox_session.reset(live_world)


@pytest.fixture
def sandbox_url(sandbox: SandboxHandle) -> str:
    return sandbox.url


@pytest.fixture
def inprocess_transport(world: World) -> httpx.ASGITransport:
    """Same implementation, no socket: for fast tests of the core."""
    import httpx

    from wizard.sandbox.app import create_app

    return httpx.ASGITransport(app=create_app(world))
