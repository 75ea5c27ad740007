"""Review findings: masked diff, a file changed on disk, the quit guard after a write."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from textual.widgets import DataTable, Static

from tests.reliability.pilot import live, wait_until
from wizard.core.tokens import mask
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.dialogs import ConfirmQuit

from .test_happy_path import card_text, fill, press_continue, step, walk_to_token
from .test_inputs import goto, offline_app

OLD = "EAAB" + "x" * 40 + "9xZD"
NEW = "EAAC" + "y" * 40 + "7QwE"
THIRD = "EAAD" + "z" * 40 + "5KpL"
REVIEW = 9


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def diff_text(screen: StepScreen) -> str:
    return str(screen.query_one("#diff", Static).render())


async def at_review_with_new_token(app: Any, pilot: Any) -> StepScreen:
    """The file holds OLD; the wizard validated NEW; the review step is open."""
    await live(app, pilot)
    app.ctx.values = replace(app.ctx.values, access_token=NEW)
    app.ctx.states["access_token"] = "done"
    return await goto(app, pilot, REVIEW)


async def test_review_shows_the_masked_secrets_not_dots(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    write(Path(".env"), f"WHATSAPP_ACCESS_TOKEN={OLD}\n")
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_review_with_new_token(app, pilot)
        text = diff_text(screen)
        assert f"{mask(OLD)} → {mask(NEW)}" in text  # EAAB…9xZD → EAAC…7QwE
        assert OLD not in text
        assert NEW not in text


async def test_file_changed_on_disk_shows_the_new_diff_and_waits_for_a_second_write(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    env = Path(".env")
    write(env, f"WHATSAPP_ACCESS_TOKEN={OLD}\n")
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_review_with_new_token(app, pilot)
        edited = f"# edited elsewhere\nWHATSAPP_ACCESS_TOKEN={THIRD}\nOTHER=kept\n"
        write(env, edited)
        await press_continue(app, pilot)
        assert read(env) == edited  # nothing overwritten
        assert "changed on disk since the wizard read it" in card_text(screen)
        assert "press Write again" in card_text(screen)
        assert f"{mask(THIRD)} → {mask(NEW)}" in diff_text(screen)  # the new diff
        assert not app.ctx.saved
        await press_continue(app, pilot)  # the second, informed press
        written = dotenv_values(env, interpolate=False)
        assert written == {"WHATSAPP_ACCESS_TOKEN": NEW, "OTHER": "kept"}
        assert read(env).startswith("# edited elsewhere\n")
        assert app.ctx.saved


async def test_a_successful_write_clears_the_nothing_was_written_card(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """Issue 14: "✗ Nothing was written" stayed under "✓ Written" after the second Write."""
    monkeypatch.chdir(tmp_path)
    env = Path(".env")
    write(env, f"WHATSAPP_ACCESS_TOKEN={OLD}\n")
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_review_with_new_token(app, pilot)
        write(env, f"WHATSAPP_ACCESS_TOKEN={THIRD}\n")
        await press_continue(app, pilot)
        assert "Nothing was written" in card_text(screen)
        await press_continue(app, pilot)
        assert app.ctx.saved
        assert "Nothing was written" not in card_text(screen)
        summary = str(screen.query_one("#summary", Static).render())
        assert "Written to" in summary
        assert "the last 5 are kept" in summary


async def test_quit_asks_again_after_a_write_and_a_later_change(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await goto(app, pilot, 1)
        await pilot.click("#generate")
        await press_continue(app, pilot)
        await step(app, pilot, "app_credentials")
        assert app.ctx.unsaved
        await goto(app, pilot, REVIEW)
        await press_continue(app, pilot)  # Write
        await wait_until(pilot, lambda: app.ctx.saved, "the write")
        assert not app.ctx.unsaved
        first = app.ctx.values.verify_token
        await goto(app, pilot, 1)  # Back to the verify token, make a new one
        await pilot.click("#generate")
        await press_continue(app, pilot)
        await step(app, pilot, "app_credentials")
        assert app.ctx.values.verify_token != first
        assert app.ctx.unsaved
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmQuit), "the quit dialog")
        await pilot.click("#quit")
        await wait_until(pilot, lambda: app.return_value is not None, "the app to exit")
    assert app.return_value == 1


def test_no_import_fallbacks_left_in_the_tui() -> None:
    """wizard.core.cards.lookup exists: an ``except ImportError`` fallback is dead code."""
    root = Path(__file__).resolve().parents[2] / "wizard" / "tui"
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and "ImportError" in ast.unparse(
                node.type or ast.Name("")
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


async def test_phone_step_finds_numbers_for_a_token_without_targets(
    make_wizard: Any, world: Any
) -> None:
    """Doctor's discovery (owned, assigned) in the wizard: no target_ids, no WABA in the file."""
    app = make_wizard()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await walk_to_token(app, pilot, world)
        await fill(pilot, screen, "access-token", world.token("system-user-no-targets"))
        await press_continue(app, pilot)
        assert "Valid system-user token" in card_text(screen)
        await press_continue(app, pilot)
        await step(app, pilot, "make_it_last")
        await press_continue(app, pilot)
        await step(app, pilot, "permissions")
        await press_continue(app, pilot)
        screen = await step(app, pilot, "phone_number")
        assert app.ctx.values.waba_id is None
        table = screen.query_one("#phones", DataTable)
        assert world.phone.id in [row.value for row in table.rows]
        assert "reaches no WhatsApp number" not in card_text(screen)
