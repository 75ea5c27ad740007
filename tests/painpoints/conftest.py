"""Shared helpers for the pain-point tests: a live sandbox whose clock is the real one.

Doctor compares expiries with the real time, so the world here is built at "now"
(the session-wide ``sandbox`` fixture is pinned to 2026-11-17 for snapshots). Each
test gets the server reset: no faults, no proofs required, fresh subscriptions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.sandbox.testing import SandboxHandle
from wizard.sandbox.world import World, build_world

SEED = 20261121


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


def write_env(
    tmp_path: Path, world: World, scenario: str | None = "system-user", **over: str | None
) -> Path:
    """A complete practice .env; ``over`` replaces (or with None drops) keys."""
    values: dict[str, str | None] = {
        "FACEBOOK_APP_ID": world.app.id,
        "FACEBOOK_APP_SECRET": world.app.secret,
        "WHATSAPP_ACCESS_TOKEN": world.token(scenario) if scenario else None,
        "WHATSAPP_BUSINESS_ACCOUNT_ID": world.waba.id,
        "WHATSAPP_PHONE_NUMBER_ID": world.phone.id,
        "META_WEBHOOK_VERIFY_TOKEN": "ab" * 32,
    }
    values.update(over)
    path = tmp_path / ".env"
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items() if v is not None))
    return path


def secrets_of(world: World) -> list[str]:
    """Every secret of the practice world: app secret, app token and every scenario token."""
    return [world.app.secret, world.app.app_token, *(spec.token for spec in world.tokens)]


def cli(
    capsys: pytest.CaptureFixture[str], live: SandboxHandle, env: Path, *argv: str
) -> tuple[int, str]:
    """Run ``wa-wizard --graph-url <sandbox> --env-file <env> argv…``; stdout+stderr.

    Also proves pain 23 on every call: no secret of the world is ever printed whole.
    """
    code = main(["--graph-url", live.url, "--env-file", str(env), *argv])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    for secret in secrets_of(live.world):
        assert secret not in text
    assert "Traceback" not in text
    return code, text
