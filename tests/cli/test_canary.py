"""Canary: no sandbox secret ever appears in output or in any file but .env and its backups."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.sandbox.app import create_app, runtime_of
from wizard.sandbox.server import SandboxServer
from wizard.sandbox.world import build_world

WORLD = build_world()
APP = create_app(WORLD, require_proof=True)
SCENARIOS = [spec.scenario for spec in WORLD.tokens]


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with SandboxServer(APP) as base:
        yield base


def secrets() -> list[str]:
    issued = list(runtime_of(APP).state.issued)  # tokens minted by exchanges
    return [
        WORLD.app.secret,
        WORLD.other_app.secret,
        WORLD.app.app_token,
        *(s.token for s in WORLD.tokens),
        *issued,
    ]


COMMANDS: list[list[str]] = [
    ["doctor"],
    ["doctor", "--json"],
    ["exchange"],
    ["exchange", "--system-user-refresh"],
    ["send-test", "--to", WORLD.recipient_display[0]],
    ["send-test", "--to", "+1 202 555 0199", "--text", "hi"],
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_secret_leaks(
    capsys: pytest.CaptureFixture[str],
    url: str,
    tmp_path: Path,
    scenario: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    env = work / ".env"
    env.write_text(
        f"FACEBOOK_APP_ID={WORLD.app.id}\nFACEBOOK_APP_SECRET={WORLD.app.secret}\n"
        f"WHATSAPP_ACCESS_TOKEN={WORLD.token(scenario)}\n"
        f"WHATSAPP_BUSINESS_ACCOUNT_ID={WORLD.waba.id}\nWHATSAPP_PHONE_NUMBER_ID={WORLD.phone.id}\n"
        f"META_WEBHOOK_VERIFY_TOKEN={WORLD.token(scenario)}\n"  # the classic confusion
    )
    shown = ""
    for command in COMMANDS:
        main(["--graph-url", url, "--env-file", str(env), *command])
        out = capsys.readouterr()
        shown += out.out + out.err
    leaked = [s[:6] for s in secrets() if s in shown]
    assert leaked == []
    others = [p for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith(".env")]
    for path in others:
        text = path.read_text(errors="replace")
        assert [s[:6] for s in secrets() if s in text] == [], path.name
    assert "Traceback" not in shown
