"""Each bad-input class shows its own message, before any network call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from tests.reliability.pilot import at, live, press_continue, wait_until
from tests.reliability.pilot import goto as jump
from wizard.tui.app import WizardApp, make_app
from wizard.tui.steps.base import StepScreen

from .conftest import NOW


def offline_app() -> WizardApp:
    """No transport: any network call would fail, so these tests prove none is made."""
    return make_app(Path(".env"), graph_url="http://127.0.0.1:9", graph_version="v25.0", now=NOW)


async def goto(app: WizardApp, pilot: Any, index: int) -> StepScreen:
    screen = await jump(app, pilot, index)
    assert screen.index == index
    return screen


def problem_text(screen: StepScreen, field_id: str) -> str:
    return str(screen.query_one(f"#{field_id}-field .problem", Static).render())


async def type_into(pilot: Any, screen: StepScreen, input_id: str, text: str) -> None:
    screen.query_one(f"#{input_id}", Input).value = text
    await pilot.pause()


async def test_app_secret_pasted_as_token(tmp_path: Path, monkeypatch: Any, world: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 3)
        await type_into(pilot, screen, "access-token", world.app.secret)
        assert "App Secret" in problem_text(screen, "access-token")
        await pilot.click("#continue")
        await pilot.pause()
        assert app.screen is screen  # refused: still on the token step
        assert screen.busy is False


async def test_verify_token_pasted_as_token(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 3)
        await type_into(pilot, screen, "access-token", "a3" * 32)
        assert "verify token" in problem_text(screen, "access-token").lower()


async def test_phone_number_as_phone_id(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 6)
        await type_into(pilot, screen, "phone-id", "+1 555-019-3344")
        assert "phone number" in problem_text(screen, "phone-id").lower()


async def test_app_id_shape_checked_as_you_type(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 2)
        await type_into(pilot, screen, "app-id", "abc")
        assert problem_text(screen, "app-id") != ""
        await type_into(pilot, screen, "app-id", "1204958371625540")
        assert problem_text(screen, "app-id") == ""


async def test_back_and_forward_keep_values(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await live(app, pilot)
        await press_continue(app, pilot)
        await at(app, pilot, "verify_token")
        await pilot.click("#generate")
        await press_continue(app, pilot)
        screen = await at(app, pilot, "app_credentials")
        generated = app.ctx.values.verify_token
        assert generated is not None
        assert len(generated) == 64
        await type_into(pilot, screen, "app-id", "1204958371625540")
        await pilot.press("escape")
        screen = await at(app, pilot, "verify_token")
        assert screen.query_one("#verify-token", Input).value == generated
        await press_continue(app, pilot)
        screen = await at(app, pilot, "app_credentials")
        assert screen.query_one("#app-id", Input).value == "1204958371625540"


async def test_quit_with_unsaved_asks(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        from wizard.tui.widgets.dialogs import ConfirmQuit

        await live(app, pilot)
        await press_continue(app, pilot)
        await at(app, pilot, "verify_token")
        await pilot.click("#generate")
        await press_continue(app, pilot)
        step = await at(app, pilot, "app_credentials")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmQuit), "the quit dialog")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is step, "the step again")  # stayed
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmQuit), "the quit dialog")
        await pilot.click("#quit")
        await wait_until(pilot, lambda: app.return_value is not None, "the app to exit")
    assert app.return_value == 1
    assert not (tmp_path / ".env").exists()


async def test_copy_says_what_not_the_value(
    tmp_path: Path, monkeypatch: Any, no_pyperclip: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 1)
        await pilot.click("#generate")
        await pilot.click("#copy")
        await pilot.pause()
        value = screen.query_one("#verify-token", Input).value
        assert app.clipboard == value
        assert no_pyperclip == [value]
        messages = [n.message for n in app._notifications]
        assert any("copied" in m for m in messages)
        assert all(value not in m for m in messages)
