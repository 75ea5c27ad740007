"""The wizard on named sandbox worlds: the phone step says what doctor says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dotenv import dotenv_values
from textual.widgets import DataTable

from tests.tui.conftest import NOW
from tests.tui.test_happy_path import (
    card_text,
    fill,
    press_continue,
    step,
    subscribe_and_leave_webhook,
    walk_to_token,
)
from wizard.tui.app import WizardApp, make_app


def wizard_on(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[WizardApp, Any]:
    import httpx

    from wizard.sandbox.app import create_app
    from wizard.sandbox.world import build_world

    monkeypatch.chdir(tmp_path)
    world = build_world(now=NOW, name=name)
    app = make_app(
        Path(".env"),
        graph_url="http://sandbox.test",
        graph_version="v25.0",
        transport=httpx.ASGITransport(app=create_app(world)),
        sandbox=True,
        now=NOW,
        world=world,
    )
    return app, world


async def to_phone_step(app: WizardApp, pilot: Any, world: Any) -> Any:
    screen = await walk_to_token(app, pilot, world)
    await fill(pilot, screen, "access-token", world.token("system-user"))
    await press_continue(app, pilot)
    await press_continue(app, pilot)
    await step(app, pilot, "make_it_last")
    await press_continue(app, pilot)
    await step(app, pilot, "permissions")
    await press_continue(app, pilot)
    return await step(app, pilot, "phone_number")


async def test_production_world_walks_to_a_written_env_without_a_false_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, world = wizard_on("production", tmp_path, monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await to_phone_step(app, pilot, world)
        table = screen.query_one("#phones", DataTable)
        table.move_cursor(row=table.get_row_index(world.phone.id))
        await pilot.pause()
        text = card_text(screen)
        assert "live number" in text
        assert "verif" not in text.lower()
        assert "allow-list" not in text
        await fill(pilot, screen, "phone-id", world.phone.id)
        await press_continue(app, pilot)
        assert app.ctx.states["phone_number"] == "done"
        screen = await step(app, pilot, "test_message")
        await fill(pilot, screen, "recipient", world.recipient_display[1])
        await press_continue(app, pilot)
        assert "wamid" in card_text(screen)
        await press_continue(app, pilot)
        await subscribe_and_leave_webhook(app, pilot)  # Enter subscribes, then goes on
        await step(app, pilot, "review")
        await press_continue(app, pilot)
        await press_continue(app, pilot)
    written = dotenv_values(".env", interpolate=False)
    assert written["WHATSAPP_PHONE_NUMBER_ID"] == world.phone.id


async def test_blocked_world_phone_step_shows_metas_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, world = wizard_on("blocked", tmp_path, monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await to_phone_step(app, pilot, world)
        table = screen.query_one("#phones", DataTable)
        table.move_cursor(row=table.get_row_index(world.phone.id))
        await pilot.pause()
        text = card_text(screen)
        assert "payment method" in text
        assert "Payment methods" in text


async def test_clock_skew_world_warns_about_the_clock_on_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 11 pt 8: the client fell back to the plain proof; the wizard says why.
    from tests.painpoints.support import write_env

    app, world = wizard_on("clock-skew", tmp_path, monkeypatch)
    write_env(tmp_path, world)
    async with app.run_test(size=(120, 36)) as pilot:
        await step(app, pilot, "overview")
        await step(app, pilot, "overview")  # the resume checks ran (settle waits for them)
        messages = [n.message for n in app._notifications]
        assert any("clock looks wrong" in m for m in messages), messages
        assert all(world.app.secret not in m for m in messages)
