"""Helpers for the pain-point tests: a practice .env, the world's secrets, one CLI run."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.cli import main
from wizard.sandbox.testing import SandboxHandle
from wizard.sandbox.world import World

SEED = 20261121


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
