"""Secret canary: run every command on the sandbox and look for the secrets everywhere.

The practice .env holds real-looking secrets (app secret, a full access token, a
verify token). Every command runs on its happy path and on an error path; stdout,
stderr, crash reports and saved reports are searched for each secret. The verify
token may appear only where the person asked for it (verify-token's own output).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.support import Run, crash_reports, write_practice_env

VERIFY = "c0ffee" * 8
"""The verify token written by write_practice_env."""


def secrets_of(world: Any, *, verify: bool = True) -> dict[str, str]:
    found = {"app secret": world.app.secret, "app token": world.app.app_token}
    for spec in world.tokens:
        found[f"token {spec.scenario}"] = spec.token
    if verify:
        found["verify token"] = VERIFY
    return found


def assert_no_secret(text: str, secrets: dict[str, str], where: str) -> None:
    leaked = [name for name, value in secrets.items() if value and value in text]
    assert not leaked, f"{', '.join(leaked)} leaked in {where}"


def state_files() -> str:
    """Everything the run left under XDG_STATE_HOME (crash reports, saved reports)."""
    from wizard.core.crash import crash_dir

    folder = crash_dir()
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)


def commands(world: Any, url: str, env: Path) -> dict[str, tuple[str, ...]]:
    """Every non-interactive command that finishes by itself, happy and error paths."""
    base = ("--env-file", str(env), "--graph-url", url)
    to = world.recipient_display[0]
    return {
        "doctor": (*base, "doctor"),
        "doctor --json": (*base, "doctor", "--json", "--strict"),
        "send-test": (*base, "send-test", "--to", to),
        "send-test text (refused)": (*base, "send-test", "--to", to, "--text", "hi"),
        "send-test bad number": (*base, "send-test", "--to", "+1"),
        "explain": (*base, "explain", "190/463"),
        "explain --json": (*base, "explain", "131030", "--json"),
        "webhook-test (unreachable)": (*base, "webhook-test", "http://127.0.0.1:9/webhook"),
        "webhook-subscribe (no endpoint)": (
            *base,
            "webhook-subscribe",
            "--callback-url",
            "https://127.0.0.1:9/webhook",
        ),
        "report": (*base, "report"),
        "exchange (not needed)": (*base, "exchange"),
        "verify-token --write (refused, exists)": (*base, "verify-token", "--write"),
        "register (already registered)": (*base, "register"),
        "register (no answer)": (*base, "register", "--phone-number-id", world.pending_phone.id),
        "rotate (no new token)": (*base, "rotate"),
        "rotate --exchange (refused)": (*base, "rotate", "--exchange"),
        "doctor --fix (not confirmed)": (*base, "doctor", "--fix"),
        "doctor --fix --yes --json": (*base, "doctor", "--fix", "--yes", "--json"),
    }


COMMANDS = (
    "doctor",
    "doctor --json",
    "send-test",
    "send-test text (refused)",
    "send-test bad number",
    "explain",
    "explain --json",
    "webhook-test (unreachable)",
    "webhook-subscribe (no endpoint)",
    "report",
    "exchange (not needed)",
    "verify-token --write (refused, exists)",
    "register (already registered)",
    "register (no answer)",
    "rotate (no new token)",
    "rotate --exchange (refused)",
    "doctor --fix (not confirmed)",
    "doctor --fix --yes --json",
)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_never_prints_a_secret(
    sandbox: Any, tmp_path: Path, cli: Callable[..., Run], requests_seen: Any, name: str
) -> None:
    world = sandbox.world
    env = write_practice_env(tmp_path / ".env", world)
    run = cli(*commands(world, sandbox.url, env)[name])
    assert "Traceback" not in run.text
    assert_no_secret(run.text, secrets_of(world), f"the output of {name}")
    assert_no_secret(state_files(), secrets_of(world), f"files saved by {name}")
    assert not crash_reports(), f"{name} crashed"


@pytest.mark.parametrize(
    ("name", "fault"),
    [
        ("doctor", {"kind": "error", "code": 190, "subcode": 463}),
        ("doctor", {"kind": "reset"}),
        ("send-test", {"kind": "error", "code": 131030}),
        ("send-test", {"kind": "malformed"}),
        ("exchange", {"kind": "error", "code": 190}),
        ("exchange", {"kind": "reset"}),
    ],
    ids=[
        "doctor-190",
        "doctor-reset",
        "send-131030",
        "send-malformed",
        "exchange-190",
        "exchange-reset",
    ],
)
def test_error_paths_never_print_a_secret(
    sandbox: Any,
    tmp_path: Path,
    cli: Callable[..., Run],
    requests_seen: Any,
    name: str,
    fault: dict[str, Any],
) -> None:
    from wizard.sandbox.faults import FaultPlan

    world = sandbox.world
    scenario = "short-lived" if name == "exchange" else "system-user"
    env = write_practice_env(tmp_path / ".env", world, token_scenario=scenario)
    sandbox.faults = FaultPlan().add(**fault)
    argv = ["--env-file", str(env), "--graph-url", sandbox.url, name]
    if name == "send-test":
        argv += ["--to", world.recipient_display[0]]
    run = cli(*argv)
    assert run.code == 1, run.text
    assert "Traceback" not in run.text
    assert_no_secret(run.text, secrets_of(world), f"{name} under {fault}")
    assert not crash_reports()


@pytest.mark.parametrize("command", ["exchange", "doctor"])
def test_reset_on_oauth_never_shows_the_url_with_client_secret(
    sandbox: Any, tmp_path: Path, cli: Callable[..., Run], requests_seen: Any, command: str
) -> None:
    """httpx error texts carry the URL, and /oauth/access_token has client_secret in it."""
    from wizard.sandbox.faults import FaultPlan

    world = sandbox.world
    env = write_practice_env(tmp_path / ".env", world, token_scenario="short-lived")
    sandbox.faults = FaultPlan().add("reset", path="oauth/access_token")
    run = cli("--env-file", str(env), "--graph-url", sandbox.url, command)
    assert ("GET", "/oauth/access_token") in requests_seen  # the reset really happened
    assert run.code == 1, run.text
    # The base URL is named in doctor's header (not Meta's); a request URL never appears.
    for needle in ("client_secret", "access_token?", f"{sandbox.url}/", world.app.secret):
        assert needle not in run.text, needle
    assert "Traceback" not in run.text


def test_a_crash_report_is_redacted(
    sandbox: Any, tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last-resort handler: a bug whose message holds secrets saves a redacted trace."""
    import wizard.commands.doctor as doctor

    world = sandbox.world
    env = write_practice_env(tmp_path / ".env", world)
    token = world.token("system-user")

    async def boom(*_args: Any) -> int:
        raise RuntimeError(f"bug with {token} and {world.app.secret} and {VERIFY}")

    monkeypatch.setattr(doctor, "_doctor", boom)
    run = cli("--env-file", str(env), "--graph-url", sandbox.url, "doctor")
    assert run.code == 1
    reports = crash_reports()
    assert len(reports) == 1, "the crash must be saved"
    assert "RuntimeError" in reports[0].read_text(encoding="utf-8")
    assert "Traceback" not in run.text
    assert_no_secret(run.text, secrets_of(world), "the crash message")
    assert_no_secret(reports[0].read_text(encoding="utf-8"), secrets_of(world), "the crash report")
    assert reports[0].stat().st_mode & 0o777 == 0o600


def test_verify_token_is_shown_only_when_asked(
    tmp_path: Path, cli: Callable[..., Run], world: Any
) -> None:
    env = tmp_path / ".env"
    run = cli("--env-file", str(env), "verify-token", "--write")
    assert run.code == 0, run.text
    value = env.read_text(encoding="utf-8").split("META_WEBHOOK_VERIFY_TOKEN=", 1)[1].split()[0]
    value = value.strip("'\"")
    assert len(value) >= 32
    assert value not in run.text, "--write without --show must mask the value"
    shown = cli("--env-file", str(env), "verify-token", "--show")
    assert value in shown.out  # the explicit request is honoured
