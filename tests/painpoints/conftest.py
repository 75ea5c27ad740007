"""Shared helpers for the pain-point tests: a live sandbox whose clock is the real one.

Doctor compares expiries with the real time, so the world here is built at "now"
(the session-wide ``sandbox`` fixture is pinned to 2026-11-17 for snapshots). Each
test gets the server reset: no faults, no proofs required, fresh subscriptions.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.painpoints.support import SEED
from wizard.sandbox.testing import SandboxHandle
from wizard.sandbox.world import build_world


@pytest.fixture(scope="module")
def _live() -> Iterator[SandboxHandle]:
    from wizard.sandbox.app import create_app
    from wizard.sandbox.server import SandboxServer

    app = create_app(build_world(seed=SEED))
    server = SandboxServer(app)
    url = server.start()
    yield SandboxHandle(app, url)
    server.stop()


@pytest.fixture
def live(_live: SandboxHandle) -> Iterator[SandboxHandle]:
    """The module's sandbox server on a current-time world, reset before and after."""
    _live.reset()
    yield _live
    _live.reset()
