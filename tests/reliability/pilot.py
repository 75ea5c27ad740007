"""Drive the wizard with Pilot up to a live-check step (shared by reliability and security)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.widgets import Input

from wizard.tui.app import WizardApp
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.result_card import ResultCard

LIVE_STEPS = ("app_credentials", "access_token", "phone_number", "test_message")
"""The steps that call the Graph API, in the order a person meets them."""

CEILING = 120.0
"""Seconds a wait may take before it fails: generous, for a 2-core machine under load.

Waits end on state (the step shown, the workers done, the text present); the ceiling
only turns a hang into a failure."""


async def wait_until(
    pilot: Any, done: Callable[[], bool], what: str, ceiling: float = CEILING
) -> None:
    """Let the app run until ``done()`` holds; fail with ``what`` after ``ceiling`` seconds."""
    end = time.monotonic() + ceiling
    while not done():
        assert time.monotonic() < end, f"waited {ceiling:.0f} s for {what}"
        await pilot.pause()


def on_step(app: WizardApp, index: int | None = None) -> bool:
    """A live step (``index``, or any) is the current screen, mounted and idle."""
    screen = app.screen
    return (
        isinstance(screen, StepScreen)
        and (index is None or screen.index == index)
        and screen.is_mounted
        and not screen.busy
    )


async def live(app: WizardApp, pilot: Any) -> StepScreen:
    """The first live step, once it replaced the still first frame and read the env file."""
    await wait_until(pilot, lambda: on_step(app) and app.ctx.env_loaded, "the live first step")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, StepScreen)
    return screen


async def goto(app: WizardApp, pilot: Any, index: int) -> StepScreen:
    """Jump to step ``index`` (as the command palette does) once the wizard is live."""
    await live(app, pilot)
    app.jump_to(index)
    await wait_until(pilot, lambda: on_step(app, index), f"step {index + 1}")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, StepScreen)
    return screen


async def settle(app: WizardApp, pilot: Any) -> None:
    """Wait for the check workers and for the screen to refresh.

    The app's ``steps`` worker lives as long as the wizard, so it is never awaited.
    """
    await pilot.pause()
    end = time.monotonic() + CEILING
    while time.monotonic() < end:
        workers = [w for w in app.workers if w.group != "steps" and not w.is_finished]
        if not workers:
            break
        await app.workers.wait_for_complete(workers)
        await pilot.pause()


async def at(app: WizardApp, pilot: Any, step_id: str) -> StepScreen:
    """The current step, once it is ``step_id``, mounted and idle (or fail after CEILING)."""
    end = time.monotonic() + CEILING
    while time.monotonic() < end:
        await settle(app, pilot)
        screen = app.screen
        if (
            isinstance(screen, StepScreen)
            and step_id == screen.STEP_ID
            and screen.is_mounted
            and not screen.busy
        ):
            return screen
    screen = app.screen
    assert isinstance(screen, StepScreen), screen
    assert step_id == screen.STEP_ID, (screen.STEP_ID, step_id)
    return screen


async def fill(pilot: Any, screen: StepScreen, input_id: str, text: str) -> None:
    screen.query_one(f"#{input_id}", Input).value = text
    await pilot.pause()


async def press_continue(app: WizardApp, pilot: Any) -> None:
    """Click Continue once it can take a click: a Button ignores clicks while it shows the
    last one (its ``-active`` effect, cleared by a timer that runs late on a busy machine)."""
    button = app.screen.query_one("#continue")
    await wait_until(pilot, lambda: not button.has_class("-active"), "Continue to be clickable")
    await pilot.click("#continue")
    await settle(app, pilot)


def card_text(screen: StepScreen) -> str:
    return str(screen.query_one("#card", ResultCard).render())


async def walk(app: WizardApp, pilot: Any, world: Any, until: str) -> StepScreen:
    """Fill each step with the practice values; stop on ``until`` (its check already run).

    For ``app_credentials``, ``access_token`` and ``test_message`` the values are filled
    and Continue pressed once, so the live check has run when this returns; for
    ``phone_number`` the check runs when the step opens.
    """
    await at(app, pilot, "overview")
    await press_continue(app, pilot)
    await at(app, pilot, "verify_token")
    await pilot.click("#generate")
    await press_continue(app, pilot)
    screen = await at(app, pilot, "app_credentials")
    await fill(pilot, screen, "app-id", world.app.id)
    await fill(pilot, screen, "app-secret", world.app.secret)
    await press_continue(app, pilot)
    if until == "app_credentials":
        return screen
    screen = await at(app, pilot, "access_token")
    await fill(pilot, screen, "access-token", world.token("system-user"))
    await press_continue(app, pilot)
    if until == "access_token":
        return screen
    await at(app, pilot, "access_token")  # the inspection is shown; Continue is ignored while busy
    await press_continue(app, pilot)
    await at(app, pilot, "make_it_last")
    await press_continue(app, pilot)
    await at(app, pilot, "permissions")
    await press_continue(app, pilot)
    screen = await at(app, pilot, "phone_number")
    if until == "phone_number":
        return screen
    await fill(pilot, screen, "phone-id", world.phone.id)
    await press_continue(app, pilot)
    screen = await at(app, pilot, "test_message")
    await fill(pilot, screen, "recipient", world.recipient_display[0])
    # The step looks the number up (test number or not) as it opens: a Continue pressed
    # while that check runs is not a send. Wait until it is idle, send, wait, continue.
    screen = await at(app, pilot, "test_message")
    await press_continue(app, pilot)
    if until == "test_message":
        return screen
    await at(app, pilot, "test_message")
    await press_continue(app, pilot)
    screen = await at(app, pilot, "webhook")
    await press_continue(app, pilot)  # Enter subscribes the wizard's receiver once its URL is in
    if app.screen is screen:
        await at(app, pilot, "webhook")
        await press_continue(app, pilot)
    return await at(app, pilot, "review")


def step_path(step: str, world: Any) -> str:
    """The Graph path (after the version) whose failure a live-check step must explain."""
    return {
        "app_credentials": "/oauth/access_token",
        "access_token": "/debug_token",
        "phone_number": f"/{world.phone.waba_id}/phone_numbers",
        "test_message": f"/{world.phone.id}/messages",
    }[step]
