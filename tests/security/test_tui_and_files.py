"""Secrets in the wizard, in snapshots and on disk: notifications, screens, modes, git.

The wizard runs its happy path and an error path on the sandbox with ``notify``
captured; every notification, card and the final screen are searched for secrets.
Every write path must leave the .env at mode 0600, and a .env tracked by git is
flagged by doctor (fail + fix) and by the wizard's review step.
"""

from __future__ import annotations

import os
import subprocess  # nosec B404 - git in a temporary folder
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.pilot import card_text, wait_until, walk
from tests.reliability.support import Run, write_practice_env

from .test_canary import VERIFY, assert_no_secret, secrets_of

NOW = 1_795_000_000.0
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notification the wizard shows (title and message)."""
    from textual.app import App

    seen: list[str] = []
    real = App.notify

    def capture(self: App[Any], message: str, *args: Any, **kwargs: Any) -> None:
        seen.append(f"{kwargs.get('title', '')} {message}")
        real(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", capture)
    return seen


async def test_wizard_happy_and_error_paths_show_no_secret(
    sandbox: Any, fast_tui: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notes: list[str]
) -> None:
    from wizard.sandbox.faults import FaultPlan
    from wizard.tui.app import make_app

    monkeypatch.chdir(tmp_path)
    world = sandbox.world
    secrets = secrets_of(world, verify=False)
    seen: list[str] = []
    app = make_app(Path(".env"), graph_url=sandbox.url, graph_version="v25.0", now=NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await walk(app, pilot, world, until="review")
        seen.append(card_text(screen))
        seen.append(app.export_screenshot())
        await pilot.click("#continue")
        await wait_until(pilot, lambda: app.ctx.saved, "the env file to be written")
        await pilot.pause()
        seen.append(app.export_screenshot())
    assert Path(".env").stat().st_mode & 0o777 == 0o600  # noqa: ASYNC240 - app exited
    sandbox.faults = FaultPlan().error(190, subcode=460, path="debug_token")
    app = make_app(Path("other.env"), graph_url=sandbox.url, graph_version="v25.0", now=NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await walk(app, pilot, world, until="access_token")
        text = card_text(screen)
        assert text.startswith("✗")
        seen.append(text)
        seen.append(app.export_screenshot())
    assert notes, "the wizard showed no notification at all: the capture is broken"
    assert_no_secret("\n".join(notes), secrets, "a notification")
    assert_no_secret("\n".join(seen), secrets, "a wizard screen")


def test_snapshots_hold_no_secret() -> None:
    """Committed SVG snapshots: no practice secret of either seeded world is drawn."""
    from wizard.sandbox.world import build_world

    svgs = sorted(ROOT.glob("tests/**/__snapshots__/**/*.svg"))
    if not svgs:
        pytest.skip("no snapshot committed yet")
    secrets: dict[str, str] = {}
    for seed in (None, 20261121):
        secrets |= {f"{k} ({seed})": v for k, v in secrets_of(build_world(seed=seed)).items()}
    for svg in svgs:
        text = svg.read_text(encoding="utf-8").replace("&#160;", " ")
        assert_no_secret(text, secrets, str(svg.relative_to(ROOT)))


def test_exchange_writes_mode_0600(
    sandbox: Any, tmp_path: Path, cli: Callable[..., Run], requests_seen: Any
) -> None:
    env = write_practice_env(tmp_path / ".env", sandbox.world, token_scenario="short-lived")
    env.chmod(0o644)
    run = cli("--env-file", str(env), "--graph-url", sandbox.url, "exchange")
    assert run.code == 0, run.text
    assert env.stat().st_mode & 0o777 == 0o600
    for backup in tmp_path.glob(".env.bak*"):
        assert backup.stat().st_mode & 0o077 == 0, f"{backup.name} is readable by others"


@pytest.mark.parametrize("existing", [False, True])
def test_verify_token_write_mode_0600(
    tmp_path: Path, cli: Callable[..., Run], world: Any, existing: bool
) -> None:
    env = tmp_path / ".env"
    if existing:
        env.write_text(f"FACEBOOK_APP_ID={world.app.id}\n", encoding="utf-8")
        env.chmod(0o644)
    run = cli("--env-file", str(env), "verify-token", "--write")
    assert run.code == 0, run.text
    assert env.stat().st_mode & 0o777 == 0o600


def git(cwd: Path, *args: str) -> None:
    subprocess.run(  # nosec B603 B607 - fixed git commands in a temporary folder
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"},
    )


@pytest.fixture
def tracked_env(tmp_path: Path, world: Any) -> Path:
    """A repository in tmp_path whose .env is committed (the classic leak)."""
    env = write_practice_env(tmp_path / ".env", world)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".env")
    git(tmp_path, "commit", "-q", "-m", "oops")
    return env


def test_doctor_fails_a_tracked_env(
    sandbox: Any, tracked_env: Path, cli: Callable[..., Run], requests_seen: Any
) -> None:
    run = cli("--env-file", str(tracked_env), "--graph-url", sandbox.url, "doctor", "--json")
    import json

    checks = {c["id"]: c for c in json.loads(run.out)["checks"]}
    assert run.code == 1
    assert checks["git_safety"]["status"] == "fail"
    assert "git rm --cached" in checks["git_safety"]["fix"]
    assert VERIFY not in run.out


async def test_wizard_review_flags_a_tracked_env(
    sandbox: Any, fast_tui: None, tracked_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wizard.core.envfile.gitsafety import git_safety
    from wizard.tui.app import make_app

    monkeypatch.chdir(tracked_env.parent)
    safety = git_safety(tracked_env)
    assert safety.status == "tracked"
    app = make_app(Path(".env"), graph_url=sandbox.url, graph_version="v25.0", now=NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await walk(app, pilot, sandbox.world, until="review")
        shown = str(screen.query_one("#git").render()) + card_text(screen)
        assert safety.message in shown or "tracked" in shown.lower()
        assert "git rm --cached" in shown, f"the review must offer the fix: {shown!r}"
