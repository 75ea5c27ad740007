"""Fixtures for the wizard: a fixed clock, the practice world, an app on the in-process sandbox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wizard.tui.app import WizardApp, make_app

NOW = 1_790_000_000.0
"""A fixed clock so expiry texts and snapshots never move."""


@pytest.fixture(autouse=True)
def no_pyperclip(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """pyperclip must never touch a real clipboard in tests."""
    import pyperclip

    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    return copied


@pytest.fixture
def world() -> Any:
    from wizard.sandbox.world import build_world

    return build_world(now=NOW)


@pytest.fixture
def make_wizard(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., WizardApp]:
    """Build the app on the in-process sandbox with a relative env path in tmp_path."""
    monkeypatch.chdir(tmp_path)

    def build(faults: Any = None, env: str = ".env") -> WizardApp:
        import httpx

        create_app = pytest.importorskip("wizard.sandbox.app").create_app
        kwargs = {"faults": faults} if faults is not None else {}
        transport = httpx.ASGITransport(app=create_app(world, **kwargs))
        app = make_app(
            Path(env),
            graph_url="http://sandbox.test",
            graph_version="v25.0",
            transport=transport,
            sandbox=True,
            now=NOW,
        )
        app.ctx.services._world = world
        return app

    return build
