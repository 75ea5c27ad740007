"""Fault matrix for the wizard: every sandbox fault x every live-check step (Pilot).

The app talks to the sandbox server over loopback (a real socket, so ``timeout`` and
``reset`` are real). Each cell proves: the step shows a ✗ card with a Fix, stays on
the same screen, shows no secret, writes no .env and leaves no crash report.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from .pilot import LIVE_STEPS, card_text, step_path, walk
from .support import SLOW, crash_reports
from .test_fault_matrix import FAULTS, SKIP

NOW = 1_795_000_000.0


def tui_cells() -> list[Any]:
    params = []
    for i, fault in enumerate(FAULTS):
        for j, step in enumerate(LIVE_STEPS):
            quick = j == i % len(LIVE_STEPS)
            marks = [] if quick else [pytest.mark.slow, pytest.mark.skipif(not SLOW, reason=SKIP)]
            params.append(pytest.param(step, fault, marks=marks, id=f"{step}-{fault}"))
    return params


@pytest.mark.parametrize(("step", "fault"), tui_cells())
async def test_live_step_explains_a_fault(
    sandbox: Any,
    fast_tui: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    fault: str,
) -> None:
    from wizard.sandbox.faults import FaultPlan
    from wizard.tui.app import make_app

    monkeypatch.chdir(tmp_path)
    world = sandbox.world
    path = step_path(step, world)
    sandbox.faults = FaultPlan().add(path=f"^{re.escape(path)}$", **FAULTS[fault])
    app = make_app(Path(".env"), graph_url=sandbox.url, graph_version="v25.0", now=NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await walk(app, pilot, world, until=step)
        text = card_text(screen)
        assert text.startswith("✗"), text
        assert "Fix:" in text
        for secret in (world.app.secret, world.token("system-user")):
            assert secret not in text
        assert app.screen is screen, "a failed check must keep the person on the step"
    assert getattr(app, "_exception", None) is None
    assert not os.path.exists(".env")  # noqa: ASYNC240 - after the app has exited
    assert not crash_reports()
