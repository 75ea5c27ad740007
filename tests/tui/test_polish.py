"""Footer shows Enter=Continue in inputs; real number status; the system-user warning."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import Button, DataTable, Input

from wizard.core.state import SetupValues
from wizard.tui.app import WizardApp

from .test_happy_path import step
from .test_inputs import goto, offline_app


def footer_keys(app: WizardApp) -> dict[str, str]:
    """What the footer shows: key -> description of every shown, active binding."""
    return {
        key: active.binding.description
        for key, active in app.screen.active_bindings.items()
        if active.binding.show
    }


async def test_footer_shows_enter_continue_while_an_input_has_focus(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 2)
        screen.query_one("#app-id", Input).focus()
        await pilot.pause()
        assert footer_keys(app).get("enter") == "Continue"
        from textual.widgets._footer import FooterKey

        shown = [str(key.description) for key in app.screen.query(FooterKey)]
        assert "Continue" in shown
        screen.query_one("#app-id", Input).value = "abc"
        await pilot.press("enter")  # the footer's promise holds: Enter tries to continue
        await pilot.pause()
        assert app.screen is screen  # refused, with the reason under the field
        assert str(screen.query_one("#app-id-field .problem").render()) != ""
        screen = await goto(app, pilot, 1)
        screen.query_one("#generate", Button).focus()
        await pilot.pause()
        assert footer_keys(app).get("enter") != "Continue"  # a button: Enter presses it


async def test_phone_status_comes_from_each_number(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        await step(app, pilot, "overview")
        app.ctx.values = SetupValues(
            app_id=world.app.id,
            app_secret=world.app.secret,
            access_token=world.token("system-user"),
            waba_id=world.phone.waba_id,
        )
        app.jump_to(6)
        screen = await step(app, pilot, "phone_number")
        table = screen.query_one("#phones", DataTable)
        statuses = {str(key.value): str(table.get_row(key)[2]) for key in table.rows}
        assert statuses[world.phone.id] == "CONNECTED"
        assert statuses[world.pending_phone.id] == "PENDING"
        assert "NOT_VERIFIED" not in statuses.values()


async def test_system_user_steps_say_the_token_shows_once(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 4)
        text = " ".join(str(s.render()) for s in screen.query(".prose"))
        assert "Meta shows the token only once: copy it at once" in " ".join(text.split())
        assert "Access Token Debugger (Expires: Never)" in " ".join(text.split())


async def test_footer_shows_enter_continue_on_the_continue_button(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#continue")
        assert footer_keys(app).get("enter") == "Start"  # what the button says
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert str(app.screen.query_one(".step-title").render()).startswith("2 ·")
