"""Issue #4 (inputs): multi-line pastes, short verify tokens, Back after an exchange."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input, Static

from wizard.tui.app import WizardApp, make_app
from wizard.tui.steps.base import StepScreen

from .conftest import NOW
from .test_happy_path import card_text, fill, press_continue, settle, step, walk_to_token


def offline_app() -> WizardApp:
    return make_app(Path(".env"), graph_url="http://127.0.0.1:9", graph_version="v25.0", now=NOW)


async def goto(app: WizardApp, pilot: Any, index: int) -> StepScreen:
    await pilot.pause()
    app.jump_to(index)
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StepScreen)
    assert screen.index == index
    return screen


def wrapped(text: str, width: int = 40) -> str:
    """How a token copied from the practice card at 80 columns arrives: several lines."""
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


async def paste(pilot: Any, widget: Input, text: str) -> None:
    widget.focus()
    await pilot.pause()
    widget.post_message(events.Paste(text))
    await pilot.pause()


def problem(screen: StepScreen, input_id: str) -> str:
    return str(screen.query_one(f"#{input_id}-field .problem", Static).render())


async def test_wrapped_quoted_bearer_token_paste_is_kept_whole(
    tmp_path: Path, monkeypatch: Any, world: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    token = world.token("system-user")
    app = offline_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 3)
        field = screen.query_one("#access-token", Input)
        await paste(pilot, field, f'"Bearer {wrapped(token)}"\n')
        assert field.value == token
        assert problem(screen, "access-token") == ""


async def test_secret_and_id_fields_take_a_multiline_paste(
    tmp_path: Path, monkeypatch: Any, world: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 2)
        await paste(pilot, screen.query_one("#app-id", Input), wrapped(world.app.id, 8))
        await paste(pilot, screen.query_one("#app-secret", Input), wrapped(world.app.secret, 20))
        assert screen.query_one("#app-id", Input).value == world.app.id
        assert screen.query_one("#app-secret", Input).value == world.app.secret
        assert problem(screen, "app-id") == problem(screen, "app-secret") == ""


async def test_free_text_multiline_paste_is_joined_not_cut(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 7)
        field = screen.query_one("#recipient", Input)
        await paste(pilot, field, "+44 7700\n900289\n")
        assert field.value == "+44 7700 900289"


async def test_short_verify_token_is_refused_with_generate(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 1)
        screen.query_one("#verify-token", Input).value = "abc"
        await pilot.pause()
        await screen.action_continue()
        await pilot.pause()
        assert app.screen is screen
        assert app.ctx.values.verify_token is None
        text = problem(screen, "verify-token")
        assert "16" in text
        assert "Generate" in text
        screen.query_one("#verify-token", Input).value = "x7" * 8  # 16 characters
        await pilot.pause()
        await screen.action_continue()
        await pilot.pause()
        assert app.ctx.values.verify_token == "x7" * 8


async def test_back_after_exchange_shows_the_exchanged_token(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await walk_to_token(app, pilot, world)
        short = world.token("short-lived")
        await fill(pilot, screen, "access-token", short)
        await press_continue(app, pilot)
        await press_continue(app, pilot)
        screen = await step(app, pilot, "make_it_last")
        await pilot.click("#exchange")
        await settle(app, pilot)
        exchanged = app.ctx.values.access_token
        assert exchanged not in (None, short)
        await pilot.click("#back")
        screen = await step(app, pilot, "access_token")
        field = screen.query_one("#access-token", Input)
        assert field.value == exchanged
        assert field.password  # shown masked
        await press_continue(app, pilot)  # inspects the exchanged token, not the old one
        text = card_text(screen)
        assert "Expires in 59 d" in text  # the 60-day token
        assert "Nov 2026" in text
        assert "UTC" in text
        await press_continue(app, pilot)
        await step(app, pilot, "make_it_last")
        assert app.ctx.values.access_token == exchanged


async def test_draft_typed_on_the_token_step_survives_back(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await walk_to_token(app, pilot, world)
        await fill(pilot, screen, "access-token", world.token("long-lived"))
        await pilot.click("#back")
        await step(app, pilot, "app_credentials")
        await press_continue(app, pilot)
        screen = await step(app, pilot, "access_token")
        assert screen.query_one("#access-token", Input).value == world.token("long-lived")
