"""The phone step's Register dialog, by keyboard only: code by SMS, PIN, number CONNECTED;
a wrong PIN is explained in the dialog; the PIN is never shown on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Button, DataTable, Input, OptionList, Static

from tests.reliability.pilot import wait_until
from wizard.core.state import SetupValues
from wizard.tui.app import WizardApp
from wizard.tui.flow import STEP_IDS
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.dialogs import PracticeCard
from wizard.tui.widgets.register_dialog import RegisterNumber

from .test_happy_path import card_text, settle, step

PIN = "482913"


def values(world: Any) -> SetupValues:
    return SetupValues(
        app_id=world.app.id,
        app_secret=world.app.secret,
        access_token=world.token("system-user"),
        verify_token="a1" * 32,
        waba_id=world.waba.id,
    )


async def open_phone_step(app: WizardApp, pilot: Any, world: Any) -> StepScreen:
    await step(app, pilot, "overview")
    app.ctx.values = values(world)
    app.jump_to(STEP_IDS.index("phone_number"))
    screen = await step(app, pilot, "phone_number")
    table = screen.query_one("#phones", DataTable)
    assert table.row_count == 2
    return screen


async def highlight_pending(pilot: Any, screen: StepScreen, world: Any) -> None:
    table = screen.query_one("#phones", DataTable)
    table.focus()
    await pilot.pause()
    register = screen.query_one("#register", Button)
    for _ in range(table.row_count):
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key == world.pending_phone.id:
            break
        assert not register.display  # the test number is CONNECTED: nothing to register
        await pilot.press("down")
    assert register.display


async def dialog_idle(app: WizardApp, pilot: Any, dialog: Any = None) -> Any:
    """Wait until the dialog's Graph calls finished (it may have closed itself since)."""
    screen = dialog or app.screen
    assert isinstance(screen, RegisterNumber)
    await pilot.pause()
    running = [w for w in screen.workers if not w.is_finished]
    if running:
        await screen.workers.wait_for_complete(running)
    await pilot.pause()
    return screen


def screen_text(app: WizardApp) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Static))


def card_options(app: WizardApp) -> str:
    """The practice card's values (an OptionList, which ``screen_text`` does not read)."""
    values = app.screen.query_one("#practice-values", OptionList)
    return " ".join(str(values.get_option_at_index(i).prompt) for i in range(values.option_count))


async def test_register_a_pending_number_by_keyboard(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await open_phone_step(app, pilot, world)
        await highlight_pending(pilot, screen, world)
        await pilot.press("ctrl+g")  # Register: a key in the footer, never a focus stop
        dialog = await dialog_idle(app, pilot)
        assert "practice card (F2)" in screen_text(app)
        assert app.focused is dialog.query_one("#reg-sms", Button)
        await pilot.press("f2")  # the practice card opens over the dialog and shows the code
        await wait_until(pilot, lambda: isinstance(app.screen, PracticeCard), "practice card")
        assert world.registration_code in card_options(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is dialog, "the card to close")
        await pilot.press("enter")  # Send SMS
        await dialog_idle(app, pilot)
        assert "Meta sends an SMS" in screen_text(app)
        code = dialog.query_one("#reg-code", Input)
        assert app.focused is code
        await pilot.press("f2")  # from the code field: the card offers the code for it
        await wait_until(pilot, lambda: isinstance(app.screen, PracticeCard), "practice card")
        await pilot.press("enter")  # puts the highlighted value (the code) into the field
        await wait_until(pilot, lambda: app.screen is dialog, "the card to close")
        assert code.value == world.registration_code
        assert app.focused is code
        await pilot.press("enter")
        assert app.focused is dialog.query_one("#reg-pin", Input)
        assert dialog.query_one("#reg-pin", Input).password
        await pilot.press(*PIN)
        assert PIN not in screen_text(app)
        await pilot.press("enter")
        await dialog_idle(app, pilot, dialog)
        await settle(app, pilot)
        assert app.screen is screen
        assert f"Registered {world.pending_phone.display}: CONNECTED" in card_text(screen)
        assert not screen.query_one("#register", Button).display
        assert PIN not in card_text(screen)


async def test_wrong_pin_is_explained_in_the_dialog(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    """A number that was registered before (verified, PIN set): only the PIN is asked."""
    from wizard.sandbox.app import runtime_of

    app = make_wizard()
    state = runtime_of(app.ctx.services.transport.app).state  # type: ignore[union-attr]
    state.registration.verified.add(world.pending_phone.id)
    state.registration.pins[world.pending_phone.id] = "777777"
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await open_phone_step(app, pilot, world)
        await highlight_pending(pilot, screen, world)
        await pilot.press("ctrl+g")  # Register
        dialog = await dialog_idle(app, pilot)
        assert not dialog.query_one("#reg-code", Input).display
        assert app.focused is dialog.query_one("#reg-pin", Input)
        await pilot.press(*"12ab", "enter")
        assert "exactly 6 digits" in screen_text(app)
        dialog.query_one("#reg-pin", Input).value = ""
        await pilot.press(*PIN, "enter")
        await dialog_idle(app, pilot, dialog)
        assert app.screen is dialog
        shown = screen_text(app)
        assert "Two-step verification PIN mismatch" in shown
        assert "WhatsApp Manager" in shown
        assert PIN not in shown
        assert dialog.query_one("#reg-pin", Input).value == ""  # cleared after sending
        await pilot.press(*"777777", "enter")
        await dialog_idle(app, pilot, dialog)
        await settle(app, pilot)
        assert app.screen is screen
        assert "CONNECTED" in card_text(screen)


async def test_escape_closes_the_dialog_without_registering(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await open_phone_step(app, pilot, world)
        await highlight_pending(pilot, screen, world)
        await pilot.press("ctrl+g")  # Register
        await dialog_idle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#register", Button).display
