"""Every screen whole at 80x24: each step of the sandbox happy path and each dialog.

At each stop the screen is searched for words cut by an edge, a fold or a scroll (see
``whole.py``) and the step's primary button must be on screen without scrolling. The
busy line is caught mid-check: the sandbox answers only when the test opens a gate.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pprint import pformat
from typing import Any

import httpx
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from tests.reliability.pilot import wait_until
from wizard.tui.app import WizardApp
from wizard.tui.steps.base import StepScreen

from .test_happy_path import fill, press_continue, step
from .whole import cut_words, hidden_buttons

SIZE = (80, 24)


class Gate(httpx.AsyncBaseTransport):
    """A transport that holds each request until the test opens the gate."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.open = asyncio.Event()
        self.open.set()
        self.waiting = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.waiting += 1
        try:
            await self.open.wait()
        finally:
            self.waiting -= 1
        return await self.inner.handle_async_request(request)


class Survey:
    """What was cut at each stop of the walk."""

    def __init__(self, app: WizardApp) -> None:
        self.app = app
        self.found: dict[str, dict[str, list[str]]] = {}

    def look(self, stop: str, *primary: str) -> None:
        cut = cut_words(self.app)
        hidden = hidden_buttons(self.app, *primary)
        if hidden:
            cut["primary button off screen"] = hidden
        if cut:
            self.found[stop] = cut


async def walk_at_80x24(app: WizardApp, pilot: Any, world: Any, gate: Gate) -> Survey:
    seen = Survey(app)

    screen = await step(app, pilot, "overview")
    await wait_until(pilot, lambda: "Reading" not in str(screen.query_one("#keys").render()), "env")
    seen.look("overview", "#continue")
    await pilot.press("f2")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "PracticeCard", "practice card")
    seen.look("practice card", "#close")
    await pilot.press("escape")
    await press_continue(app, pilot)

    screen = await step(app, pilot, "verify_token")
    seen.look("verify_token", "#continue")
    await pilot.click("#generate")
    await pilot.pause()
    seen.look("verify_token generated", "#continue")
    await press_continue(app, pilot)

    screen = await step(app, pilot, "app_credentials")
    seen.look("app_credentials", "#continue")
    await fill(pilot, screen, "app-id", world.app.id)
    await fill(pilot, screen, "app-secret", world.app.secret)
    gate.open.clear()
    screen.query_one("#continue").focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: gate.waiting > 0 and screen.busy, "the check to start")
    await pilot.pause()
    seen.look("busy app_credentials", "#continue")
    gate.open.set()  # valid: the step moves on by itself

    screen = await step(app, pilot, "access_token")
    seen.look("access_token", "#continue")
    await fill(pilot, screen, "access-token", world.token("system-user"))
    await press_continue(app, pilot)
    screen = await step(app, pilot, "access_token")
    seen.look("access_token inspected", "#continue")
    await pilot.press("ctrl+q")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmQuit", "quit dialog")
    seen.look("quit confirm", "#stay", "#quit")
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.screen is screen, "the quit dialog to close")
    await press_continue(app, pilot)

    await step(app, pilot, "make_it_last")
    seen.look("make_it_last", "#continue")
    await press_continue(app, pilot)

    await step(app, pilot, "permissions")
    seen.look("permissions", "#continue")
    await press_continue(app, pilot)

    screen = await step(app, pilot, "phone_number")
    seen.look("phone_number", "#continue")
    await fill(pilot, screen, "phone-id", world.phone.id)
    await press_continue(app, pilot)

    screen = await step(app, pilot, "test_message")
    seen.look("test_message", "#continue")
    await fill(pilot, screen, "recipient", world.recipient_display[0])
    screen = await step(app, pilot, "test_message")
    await press_continue(app, pilot)
    screen = await step(app, pilot, "test_message")
    seen.look("test_message sent", "#continue")
    await press_continue(app, pilot)

    screen = await step(app, pilot, "webhook")
    seen.look("webhook", "#continue")
    url = screen.query_one("#callback-url", Input)
    await wait_until(pilot, lambda: bool(url.value), "the local receiver's URL")
    await press_continue(app, pilot)  # Enter subscribes the wizard's local receiver
    seen.look("webhook subscribed", "#continue")
    await press_continue(app, pilot)

    screen = await step(app, pilot, "review")
    seen.look("review", "#continue")
    await press_continue(app, pilot)
    await wait_until(pilot, lambda: app.ctx.saved, "the env file to be written")
    await pilot.pause()
    if app.is_running and isinstance(app.screen, StepScreen):
        seen.look("review written", "#continue")
    return seen


async def test_every_screen_is_whole_at_80x24(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    transport = app.ctx.services.transport
    assert transport is not None
    gate = Gate(transport)
    app.ctx.services.transport = gate
    async with app.run_test(size=SIZE) as pilot:
        survey = await walk_at_80x24(app, pilot, world, gate)
    assert survey.found == {}, pformat(survey.found)


class Cuts(App[None]):
    """One widget per kind of cut the issue saw at 80x24."""

    CSS = """
    #clipped { width: 12; text-wrap: nowrap; text-overflow: clip; }
    #short { width: 30; height: 1; }
    #folded { width: 30; }
    #scroll { height: 3; }
    #whole { width: 40; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Limited 250/day", id="clipped")
        yield Static("Checking the App ID and secret with Meta… (esc cancels)", id="short")
        yield Static(
            "Open https://developers.facebook.com/apps/1204958371625540/settings/basic", id="folded"
        )
        with VerticalScroll(id="scroll"):
            yield Static("one\ntwo\nthree\nProve it later with: wa-wizard doctor", id="fold")
        yield Static("Nothing cut here.", id="whole")


async def test_the_check_catches_each_kind_of_cut() -> None:
    app = Cuts()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        cut = cut_words(app)
    assert cut["Static#clipped"] == ["250/day"]  # painted as "Limited 250/"
    assert "(esc" in cut["Static#short"] or "cancels)" in cut["Static#short"]
    assert any(word.startswith("https://") for word in cut["Static#folded"])
    assert "doctor" in cut["Static#fold"]
    assert "Static#whole" not in cut
