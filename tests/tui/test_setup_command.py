"""`wa-wizard setup` picks the env file: a given one always wins, even with --sandbox."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from wizard.commands import setup


class FakeContext:
    saved = False
    unsaved = False


class FakeApp:
    def __init__(self, env_path: Path, **kwargs: Any) -> None:
        self.env_path, self.kwargs = env_path, kwargs
        self.existed_while_running = False
        self.ctx = FakeContext()

    def run(self) -> int:
        self.existed_while_running = self.env_path.parent.exists()
        return 0


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[FakeApp]:
    apps: list[FakeApp] = []

    def fake_make_app(env_path: Path, **kwargs: Any) -> FakeApp:
        apps.append(FakeApp(env_path, **kwargs))
        return apps[-1]

    monkeypatch.setattr("wizard.tui.app.make_app", fake_make_app)
    return apps


def args(*, sandbox: bool, given: bool, path: Path) -> argparse.Namespace:
    return argparse.Namespace(
        env_file=path,
        env_file_given=given,
        sandbox=sandbox,
        graph_url="https://graph.facebook.com",
        graph_version="v25.0",
    )


@pytest.mark.parametrize("sandbox", [True, False])
def test_given_env_file_is_used(opened: list[FakeApp], tmp_path: Path, sandbox: bool) -> None:
    path = tmp_path / "my.env"
    assert setup.run(args(sandbox=sandbox, given=True, path=path)) == 0
    assert opened[0].env_path == path
    assert opened[0].kwargs["sandbox"] is sandbox


def test_sandbox_without_a_file_uses_a_temporary_one(opened: list[FakeApp]) -> None:
    assert setup.run(args(sandbox=True, given=False, path=Path(".env"))) == 0
    env_path = opened[0].env_path
    assert env_path.name == ".env"
    assert env_path.parent.name.startswith("wa-wizard-sandbox-")
    assert opened[0].existed_while_running
    assert not env_path.parent.exists()  # cleaned up after the wizard closed
    assert opened[0].kwargs["graph_url"] == "http://sandbox.invalid"


def test_real_mode_default_file(opened: list[FakeApp]) -> None:
    assert setup.run(args(sandbox=False, given=False, path=Path(".env"))) == 0
    assert opened[0].env_path == Path(".env")


@pytest.mark.parametrize(
    ("saved", "sandbox", "given", "expected"),
    [
        (False, False, False, "Nothing was written"),
        (True, False, False, "Prove it works any time (cron, CI): wa-wizard doctor"),
        (True, False, True, "wa-wizard --env-file prod.env doctor"),
        (True, True, False, "the practice .env was temporary and is removed now"),
        ("partly", False, False, "Changes made after the last write were not saved"),
    ],
)
def test_what_stays_on_the_terminal_afterwards(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    saved: bool | str,
    sandbox: bool,
    given: bool,
    expected: str,
) -> None:
    """The wizard's screen disappears on exit; the next command must not."""

    def fake_make_app(env_path: Path, **kwargs: Any) -> FakeApp:
        app = FakeApp(env_path, **kwargs)
        app.ctx.saved = bool(saved)
        app.ctx.unsaved = saved == "partly"
        return app

    monkeypatch.setattr("wizard.tui.app.make_app", fake_make_app)
    path = Path("prod.env") if given else Path(".env")
    assert setup.run(args(sandbox=sandbox, given=given, path=path)) == 0
    assert expected in capsys.readouterr().out
