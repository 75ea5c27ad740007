"""The Webhook step on the sandbox: local receiver, self-test, subscribe, live statuses."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.widgets import Button, Input, Static

from tests.reliability.pilot import CEILING
from wizard.core.state import SetupValues
from wizard.tui.app import WizardApp
from wizard.tui.steps.base import StepScreen

from .test_happy_path import card_text, settle, step


def ready_values(world: Any) -> SetupValues:
    return SetupValues(
        app_id=world.app.id,
        app_secret=world.app.secret,
        access_token=world.token("system-user"),
        verify_token="a1" * 32,
        waba_id=world.phone.waba_id,
        phone_number_id=world.phone.id,
    )


def text_of(screen: StepScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def until(app: WizardApp, pilot: Any, done: Callable[[], bool]) -> None:
    """Let the receiver thread and the sandbox's delivery tasks run until ``done``.

    Waits on the state, not a count of rounds: the ceiling (CEILING seconds) only turns a
    hang into a failure. The short sleep hands the loop to the receiver's thread."""
    end = time.monotonic() + CEILING
    while not done():
        assert time.monotonic() < end, "the condition never became true"
        await asyncio.sleep(0.05)
        await settle(app, pilot)


async def open_webhook(app: WizardApp, pilot: Any, world: Any) -> StepScreen:
    await step(app, pilot, "overview")
    app.ctx.values = ready_values(world)
    app.jump_to(8)
    screen = await step(app, pilot, "webhook")
    receiver = app.ctx.services.receiver
    await until(app, pilot, lambda: receiver.running)
    return screen


async def test_subscribe_local_receiver_and_watch_statuses_arrive(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        await step(app, pilot, "overview")
        app.ctx.values = ready_values(world)
        app.jump_to(7)
        screen = await step(app, pilot, "test_message")
        screen.query_one("#recipient", Input).value = world.recipient_display[0]
        await pilot.click("#continue")
        await settle(app, pilot)
        assert "wamid" in card_text(screen)
        await pilot.click("#continue")
        screen = await step(app, pilot, "webhook")
        receiver = app.ctx.services.receiver
        await until(app, pilot, lambda: receiver.running)
        url = screen.query_one("#callback-url", Input).value
        assert url == receiver.url
        assert url.startswith("http://127.0.0.1:")
        note = text_of(screen, "#url-note")
        assert "wizard's own receiver" in note  # the wizard filled it in: no http warning
        assert "plain http" not in note
        await pilot.click("#subscribe")
        await settle(app, pilot)
        text = card_text(screen)
        assert f"Meta verified {url}" in text
        assert "✓ Webhook" in text, text
        assert "app subscribed to" in text
        assert "Development mode" in text  # issue 11 pt 10: right subscription, still nothing?
        assert str(screen.query_one("#continue", Button).label) == "Continue ▸"
        assert "handshake answered" in text_of(screen, "#events")
        assert screen.query_one("#send-test", Button).display
        await pilot.press("ctrl+s")  # Send again, by its key (the card scrolled its button away)
        await settle(app, pilot)
        await until(app, pilot, lambda: "status delivered" in text_of(screen, "#events"))
        events = text_of(screen, "#events")
        assert "status sent" in events
        assert world.token("system-user") not in events
        assert world.app.secret not in events
        await pilot.click("#continue")
        await step(app, pilot, "review")
        assert app.ctx.states["webhook"] == "done"
    assert not receiver.running  # stopped when the app exits


async def test_endpoint_self_test_on_the_local_receiver(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_webhook(app, pilot, world)
        await pilot.click("#test-endpoint")
        await settle(app, pilot)
        text = card_text(screen)
        assert "✓ Handshake" in text, text
        assert "✓ Signed event" in text
        assert "✓ Bad signature" in text
        assert "✗" not in text
        assert "rejected POST with 401" in text_of(screen, "#events")


async def test_url_checks_and_a_refused_endpoint(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_webhook(app, pilot, world)
        field = screen.query_one("#callback-url", Input)
        field.value = ""
        await pilot.pause()
        await pilot.click("#subscribe")
        await pilot.pause()
        assert "Type your callback URL" in text_of(screen, "#callback-url-field .problem")
        field.value = "https://example.com/webhook"
        await pilot.pause()
        assert text_of(screen, "#url-note").startswith("✓ https, public host example.com")
        field.value = "ftp://example.com/x"
        await pilot.pause()
        assert text_of(screen, "#url-note").startswith("✗")
        # A receiver with another verify token refuses Meta's handshake: a card, no traceback.
        app.ctx.values = SetupValues(**{**app.ctx.values.as_dict(), "verify_token": "b2" * 32})
        field.value = str(app.ctx.services.receiver.url)
        await pilot.pause()
        await pilot.click("#subscribe")
        await settle(app, pilot)
        text = card_text(screen)
        assert text.startswith("✗"), text
        assert "Fix:" in text
        assert app.screen is screen


async def test_skip_keeps_the_step_optional(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_webhook(app, pilot, world)
        screen.query_one("#callback-url", Input).value = ""  # no URL: Enter skips
        await pilot.pause()
        assert str(screen.query_one("#continue", Button).label) == "Skip ▸"
        await pilot.click("#continue")
        await step(app, pilot, "review")
        assert app.ctx.states.get("webhook") != "done"


async def test_skip_does_not_wait_for_a_slow_check(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    from wizard.sandbox.faults import FaultPlan

    app = make_wizard(faults=FaultPlan().add("latency", path="subscriptions", delay_ms=30_000))
    async with app.run_test(size=(100, 30)) as pilot:
        await step(app, pilot, "overview")
        app.ctx.values = ready_values(world)
        app.jump_to(8)
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StepScreen)
        assert screen.STEP_ID == "webhook"
        assert screen.busy  # still reading the (slow) subscription
        await pilot.click("#continue")
        await step(app, pilot, "review")
