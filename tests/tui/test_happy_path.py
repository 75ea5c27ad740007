"""The whole wizard on the in-process sandbox: from nothing to a checked .env."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from textual.widgets import Button, DataTable, Input

from tests.reliability.pilot import CEILING, wait_until
from wizard.tui.app import WizardApp
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.result_card import ResultCard


def env_exists() -> bool:
    return Path(".env").exists()


async def settle(app: WizardApp, pilot: Any) -> None:
    """Wait for the network checks (not the step loop, which runs until the app exits)."""
    end = time.monotonic() + CEILING
    while time.monotonic() < end:
        await pilot.pause()
        running = [w for w in app.workers if w.group == "graph" and not w.is_finished]
        if not running:
            break
        await app.workers.wait_for_complete(running)


async def step(app: WizardApp, pilot: Any, step_id: str) -> StepScreen:
    """The current step once it is ``step_id``, mounted and idle (screen switches are queued)."""

    def shown() -> bool:
        screen = app.screen
        return (
            isinstance(screen, StepScreen)
            and step_id == screen.STEP_ID
            and screen.is_mounted
            and not screen.busy
        )

    await settle(app, pilot)
    await wait_until(pilot, shown, f"the {step_id} step (showing {app.screen!r})")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, StepScreen)
    assert step_id == screen.STEP_ID
    return screen


async def fill(pilot: Any, screen: StepScreen, input_id: str, text: str) -> None:
    screen.query_one(f"#{input_id}", Input).value = text
    await pilot.pause()


async def press_continue(app: WizardApp, pilot: Any) -> None:
    """Keyboard only: focus Continue and press Enter."""
    button = app.screen.query_one("#continue", Button)
    button.active_effect_duration = 0  # no 0.2 s press animation swallowing a quick 2nd press
    button.focus()
    await pilot.press("enter")
    await settle(app, pilot)


def card_text(screen: StepScreen) -> str:
    return str(screen.query_one("#card", ResultCard).render())


async def subscribe_and_leave_webhook(app: WizardApp, pilot: Any) -> StepScreen:
    """The sandbox webhook step: wait for the local receiver, Enter subscribes, Enter goes on."""
    screen = await step(app, pilot, "webhook")
    url = screen.query_one("#callback-url", Input)
    for _ in range(2000):  # the wizard's receiver starts in a worker: wait for its URL (state)
        if url.value:
            break
        await pilot.pause()
    assert str(screen.query_one("#continue", Button).label) == "Subscribe ▸"
    await press_continue(app, pilot)  # Enter subscribes the wizard's local receiver
    assert "Meta verified" in card_text(screen), card_text(screen)
    await press_continue(app, pilot)
    return screen


async def walk_to_token(app: WizardApp, pilot: Any, world: Any) -> StepScreen:
    await step(app, pilot, "overview")
    await press_continue(app, pilot)
    await step(app, pilot, "verify_token")
    await pilot.click("#generate")
    await press_continue(app, pilot)
    screen = await step(app, pilot, "app_credentials")
    await fill(pilot, screen, "app-id", world.app.id)
    await fill(pilot, screen, "app-secret", world.app.secret)
    await press_continue(app, pilot)
    return await step(app, pilot, "access_token")


async def test_happy_path_writes_the_env(make_wizard: Callable[..., WizardApp], world: Any) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await walk_to_token(app, pilot, world)
        token = world.token("system-user")
        wrapped = "Bearer " + "\n".join(token[i : i + 40] for i in range(0, len(token), 40))
        await fill(pilot, screen, "access-token", wrapped)
        await press_continue(app, pilot)
        text = card_text(screen)
        assert "Valid system-user token" in text
        assert "Never expires" in text
        await press_continue(app, pilot)
        assert app.ctx.values.access_token == token  # wrapped paste was normalised
        await step(app, pilot, "make_it_last")
        await press_continue(app, pilot)
        screen = await step(app, pilot, "permissions")
        assert "whatsapp_business_messaging granted" in card_text(screen)
        await press_continue(app, pilot)
        screen = await step(app, pilot, "phone_number")
        table = screen.query_one("#phones", DataTable)
        assert table.row_count >= 1
        await fill(pilot, screen, "phone-id", world.phone.id)
        await press_continue(app, pilot)
        screen = await step(app, pilot, "test_message")
        await fill(pilot, screen, "recipient", world.recipient_display[0])
        await press_continue(app, pilot)
        assert "wamid" in card_text(screen)
        await press_continue(app, pilot)
        screen = await subscribe_and_leave_webhook(app, pilot)
        screen = await step(app, pilot, "review")
        assert not env_exists()
        await press_continue(app, pilot)
        assert "wa-wizard doctor" in str(screen.query_one("#summary").render())
        await press_continue(app, pilot)
    assert app.return_value == 0
    written = dotenv_values(".env", interpolate=False)
    assert written["FACEBOOK_APP_ID"] == world.app.id
    assert written["FACEBOOK_APP_SECRET"] == world.app.secret
    assert written["WHATSAPP_ACCESS_TOKEN"] == token
    assert written["WHATSAPP_PHONE_NUMBER_ID"] == world.phone.id
    assert written["WHATSAPP_BUSINESS_ACCOUNT_ID"] == world.phone.waba_id
    assert len(written["META_WEBHOOK_VERIFY_TOKEN"] or "") == 64


async def test_short_lived_token_is_exchanged(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await walk_to_token(app, pilot, world)
        short = world.token("short-lived")
        await fill(pilot, screen, "access-token", short)
        await press_continue(app, pilot)
        assert "Valid user token" in card_text(screen)
        await press_continue(app, pilot)
        screen = await step(app, pilot, "make_it_last")
        await pilot.click("#exchange")
        await settle(app, pilot)
        assert app.ctx.values.access_token not in (None, short)
        assert "New token: expires in 5" in str(screen.query_one("#expiry").render())


async def test_failing_call_shows_card_and_writes_nothing(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    from wizard.sandbox.faults import FaultPlan

    app = make_wizard(faults=FaultPlan().error(190, subcode=463, path="debug_token"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await walk_to_token(app, pilot, world)
        await fill(pilot, screen, "access-token", world.token("system-user"))
        await press_continue(app, pilot)
        text = card_text(screen)
        assert text.startswith("✗")
        assert "Fix:" in text
        assert world.token("system-user") not in text
        assert app.screen is screen
    assert not env_exists()
