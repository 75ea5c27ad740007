"""The still first frame: painted before the live Overview, same look, no key lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.reliability.pilot import wait_until
from wizard.tui.app import WizardApp
from wizard.tui.first_frame import FirstFrame
from wizard.tui.steps.base import StepScreen
from wizard.tui.steps.overview import OverviewStep

from .test_happy_path import step
from .whole import screen_lines


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the still frame up (its ``painted`` hook does nothing) until the test swaps it."""
    monkeypatch.setattr(FirstFrame, "painted", lambda self: None)


def on_step(app: WizardApp, step_id: str) -> bool:
    screen = app.screen
    return isinstance(screen, StepScreen) and step_id == screen.STEP_ID and screen.is_mounted


@pytest.mark.usefixtures("held")
async def test_enter_pressed_on_the_still_frame_starts_the_wizard(
    make_wizard: Callable[..., WizardApp],
) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, FirstFrame), "the still frame")
        frame = app.screen
        assert isinstance(frame, FirstFrame)
        await pilot.press("enter")
        assert app.screen.id == "first-frame"  # nothing live yet: the key is kept, not acted on
        assert [key.key for key in frame.pending] == ["enter"]
        assert frame.go_live is not None
        frame.go_live()
        await wait_until(pilot, lambda: on_step(app, "verify_token"), "the Verify token step")


@pytest.mark.usefixtures("held")
async def test_keys_kept_on_the_still_frame_replay_in_order(
    make_wizard: Callable[..., WizardApp],
) -> None:
    """F2 then Escape: the practice card opens on the live step, then closes."""
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, FirstFrame), "the still frame")
        frame = app.screen
        assert isinstance(frame, FirstFrame)
        await pilot.press("f2", "escape", "enter")
        assert [key.key for key in frame.pending] == ["f2", "escape", "enter"]
        assert frame.go_live is not None
        frame.go_live()
        await wait_until(pilot, lambda: on_step(app, "verify_token"), "the Verify token step")


async def test_the_still_frame_goes_live_by_itself(make_wizard: Callable[..., WizardApp]) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await step(app, pilot, "overview")
        assert screen.query_one("#continue").has_focus


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_the_still_frame_looks_like_the_live_overview(
    make_wizard: Callable[..., WizardApp], monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """Row for row the same text, so the swap is invisible (the env file is read after it)."""
    go_live: list[Any] = []
    monkeypatch.setattr(FirstFrame, "painted", lambda self: go_live.append(self.go_live))
    app = make_wizard()
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: bool(go_live), "the still frame's first paint")
        still = screen_lines(app)
        monkeypatch.setattr(OverviewStep, "_env_ready", lambda self: None)  # keep "Reading…"
        go_live[0]()
        await wait_until(pilot, lambda: on_step(app, "overview"), "the live Overview")
        start = OverviewStep.CONTINUE_LABEL  # the footer names Enter's action: Start
        await wait_until(pilot, lambda: start in screen_lines(app)[-1], "the live footer")
        live = screen_lines(app)
    assert still == live
