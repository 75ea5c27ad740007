"""Issue 12: the wizard by keyboard. Enter does each step's next action, nothing is cut off,
practice values are one key away. One test (or more) per numbered finding."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual.widgets import Button, Footer, Input, Static

from wizard.core.state import SetupValues
from wizard.tui.app import WizardApp
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.dialogs import ConfirmQuit, PracticeCard

from .test_happy_path import card_text, settle, step
from .test_inputs import goto, offline_app, problem_text
from .test_polish import footer_keys


def has_toast(app: WizardApp) -> bool:
    return bool(app.screen.query("Toast"))


def shows_primary(screen: StepScreen, label: str) -> bool:
    return primary(screen) == label


def primary(screen: StepScreen) -> str:
    """The Continue button's label without its arrow."""
    return str(screen.query_one("#continue", Button).label).removesuffix(" ▸")


async def until(app: WizardApp, pilot: Any, ready: Callable[[], bool], limit: int = 200) -> None:
    """Wait on state (a bound on pauses, not on time)."""
    for _ in range(limit):
        if ready():
            return
        await pilot.pause()
    raise AssertionError("the state never came")


def with_token(make_wizard: Callable[..., WizardApp], world: Any, scenario: str) -> WizardApp:
    app = make_wizard()
    app.ctx.values = SetupValues(
        app_id=world.app.id,
        app_secret=world.app.secret,
        access_token=world.token(scenario),
        verify_token="v" * 32,
        phone_number_id=world.phone.id,
        waba_id=world.phone.waba_id,
    )
    app.ctx.env_loaded = True
    return app


async def inspected(app: WizardApp, pilot: Any) -> StepScreen:
    """Step 4 with its token inspected (Enter), then Enter on to step 5."""
    screen = await goto(app, pilot, 3)
    await pilot.press("enter")
    await settle(app, pilot)
    assert "Valid" in card_text(screen)
    await pilot.press("enter")
    return await step(app, pilot, "make_it_last")


# 1 -------------------------------------------------------------------------------------------
async def test_enter_in_make_it_last_verifies_and_adopts_a_pasted_token(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = with_token(make_wizard, world, "short-lived")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await inspected(app, pilot)
        assert app.focused is screen.query_one("#new-token", Input)
        app.focused.value = world.token("system-user")  # pasted
        await pilot.pause()
        assert footer_keys(app)["enter"] == "Verify" == primary(screen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen  # checked, not skipped to step 6
        assert app.ctx.values.access_token == world.token("system-user")
        assert "Valid system-user token" in card_text(screen)
        assert footer_keys(app)["enter"] == "Continue"
        await pilot.press("enter")
        await step(app, pilot, "permissions")
        assert app.ctx.states["make_it_last"] == "done"


# 2 -------------------------------------------------------------------------------------------
async def test_practice_card_puts_a_value_into_the_focused_field(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    app.ctx.env_loaded = True
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 2)
        assert app.focused is screen.query_one("#app-id", Input)
        await pilot.press("f2")
        await until(app, pilot, lambda: isinstance(app.screen, PracticeCard))
        card = app.screen
        close = card.query_one("#close", Button)
        assert card.region.contains_region(close.region)  # Close visible at 80x24
        assert footer_keys(app).get("escape") == "Close"
        assert "Back" not in footer_keys(app).values()
        await pilot.press("enter")  # the App ID is highlighted for the App ID field
        await until(app, pilot, lambda: app.screen is screen)
        assert screen.query_one("#app-id", Input).value == world.app.id
        await pilot.press("enter")  # Enter goes on to the empty secret field
        await until(app, pilot, lambda: app.focused is screen.query_one("#app-secret", Input))
        await pilot.press("f2")
        await until(app, pilot, lambda: isinstance(app.screen, PracticeCard))
        await pilot.press("enter")
        await until(app, pilot, lambda: app.screen is screen)
        assert screen.query_one("#app-secret", Input).value == world.app.secret


async def test_practice_card_copies_a_token_whole_and_picks_any_with_arrows(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    app.ctx.env_loaded = True
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 3)
        await pilot.press("f2")
        await until(app, pilot, lambda: isinstance(app.screen, PracticeCard))
        await pilot.press("c")
        assert app.clipboard == world.token("short-lived")  # whole, not wrapped
        await pilot.press("down")
        await pilot.press("enter")
        await until(app, pilot, lambda: app.screen is screen)
        picked = screen.query_one("#access-token", Input).value
        assert picked == world.tokens[1].token


async def test_cut_off_token_in_sandbox_points_at_the_practice_card(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    app.ctx.env_loaded = True
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 3)
        screen.query_one("#access-token", Input).value = world.token("short-lived")[:40]
        await pilot.pause()
        problem = problem_text(screen, "access-token")
        assert "cut off" in problem
        assert "API Setup" not in problem
        assert "F2" in problem


# 3 -------------------------------------------------------------------------------------------
async def test_notifications_never_cover_back_or_continue(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    for size in ((100, 30), (80, 24)):
        app = offline_app()
        async with app.run_test(size=size, notifications=True) as pilot:
            screen = await goto(app, pilot, 1)
            await pilot.press("ctrl+g")  # Generate: it notifies
            toasts_shown = partial(has_toast, app)
            await until(app, pilot, toasts_shown)
            await pilot.pause()
            nav = screen.query_one("#nav").region
            for toast in app.screen.query("Toast"):
                assert not toast.region.overlaps(nav), (size, toast.region, nav)


# 4 -------------------------------------------------------------------------------------------
async def test_action_buttons_never_keep_focus_and_enter_moves_on(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = with_token(make_wizard, world, "short-lived")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 1)
        field = screen.query_one("#verify-token", Input)
        field.value = ""
        await pilot.click("#generate")
        assert not isinstance(app.focused, Button) or app.focused.id == "continue"
        generated = field.value
        await pilot.press("enter")
        await step(app, pilot, "app_credentials")
        assert app.ctx.values.verify_token == generated  # Enter continued, no second Generate
        screen = await inspected(app, pilot)
        await pilot.press("ctrl+t")  # Exchange by its key
        await settle(app, pilot)
        exchanged = app.ctx.values.access_token
        assert exchanged != world.token("short-lived")
        assert not isinstance(app.focused, Button) or app.focused.id == "continue"
        assert footer_keys(app)["enter"] == "Continue"
        await pilot.press("enter")  # no second exchange ("Meta returned the same token")
        await step(app, pilot, "permissions")
        assert app.ctx.values.access_token == exchanged


async def test_tab_only_visits_fields_and_continue(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await goto(app, pilot, 1)
        seen = set()
        for _ in range(6):
            await pilot.press("tab")
            seen.add(str(app.focused.id) if app.focused else "")
        assert seen <= {"verify-token", "continue", "checklist"}, seen


# 5 -------------------------------------------------------------------------------------------
async def test_busy_line_wraps_instead_of_being_cut_at_80x24(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    app.ctx.env_loaded = True
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 2)
        line = screen.busy_line()
        line.start("Checking the App ID and secret with Meta, which can take a few seconds…")
        await pilot.pause()
        await pilot.pause()
        text = screen.query_one("#busy-text", Static)
        shown = text.content_region
        assert shown.width * shown.height >= len(str(text.render()))
        assert line.region.contains_region(text.region)  # every wrapped line shown, none clipped
        assert screen.region.contains_region(screen.query_one("#cancel").region)


async def test_settings_link_breaks_between_parts_not_inside_the_id(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    app.ctx.env_loaded = True
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 2)
        screen.query_one("#app-id", Input).value = world.app.id
        await pilot.pause()
        await pilot.pause()
        where = screen.query_one("#where", Static)
        lines = [line.strip() for line in str(where.render()).splitlines()]
        assert any(line.startswith(world.app.id) for line in lines), lines
        assert all(len(line) <= where.content_region.width for line in lines)
        assert (
            screen.link() == f"https://developers.facebook.com/apps/{world.app.id}/settings/basic/"
        )


async def test_final_summary_shows_the_doctor_command_at_80x24(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = with_token(make_wizard, world, "system-user")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 9)
        assert footer_keys(app)["enter"] == "Write .env" == primary(screen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        summary = screen.query_one("#summary", Static)
        body = screen.query_one("#step-body").region
        lines = str(summary.render()).splitlines()
        assert lines[-1].strip() == "Prove it works any time later: wa-wizard doctor"
        assert body.contains_region(summary.region), (summary.region, body)
        assert primary(screen) == "Finish"


# 6 -------------------------------------------------------------------------------------------
async def test_webhook_step_opens_at_its_own_text_at_100x30(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = with_token(make_wizard, world, "system-user")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 8)
        await settle(app, pilot)
        await until(app, pilot, lambda: bool(card_text(screen)))
        await pilot.pause()
        assert screen.query_one("#step-body").scroll_y == 0


async def test_exchange_says_so_and_the_60_days_are_no_warning(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = with_token(make_wizard, world, "short-lived")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await inspected(app, pilot)
        assert footer_keys(app)["enter"] == "Exchange" == primary(screen)
        await pilot.press("enter")
        await settle(app, pilot)
        text = card_text(screen)
        assert text.startswith("✓ Exchanged: the new token expires in 59 days"), text
        assert "!" not in text.split("\n")[0]
        body = screen.query_one("#step-body").region
        assert body.contains_region(screen.query_one("#expiry").region)  # the step's own text
        assert body.contains_region(screen.query_one("#card").region)


# 7 -------------------------------------------------------------------------------------------
async def test_revealed_verify_token_fits_and_copy_says_was_copied(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 1)
        await pilot.press("enter")  # empty field: Enter generates
        field = screen.query_one("#verify-token", Input)
        assert len(field.value) == 64
        await pilot.press("ctrl+r")
        assert not field.password
        assert field.content_region.width >= 64
        await pilot.press("ctrl+y")
        messages = [n.message for n in app._notifications]
        assert "The verify token was copied to the clipboard." in messages


# 8 -------------------------------------------------------------------------------------------
async def test_placeholders_look_like_examples(tmp_path: Path, monkeypatch: Any) -> None:
    from wizard.core.recipients import normalize_recipient

    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 7)
        placeholder = screen.query_one("#recipient", Input).placeholder
        assert "e.g." in placeholder
        assert normalize_recipient(placeholder, test_number=False).e164 is None
        screen = await goto(app, pilot, 8)
        url = screen.query_one("#callback-url", Input).placeholder
        assert ".example/" in url  # a reserved example domain, visibly not real


async def test_enter_with_no_recipient_says_the_test_is_skipped(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = with_token(make_wizard, world, "system-user")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 7)
        assert footer_keys(app)["enter"] == "Skip test" == primary(screen)
        await pilot.press("enter")
        await step(app, pilot, "webhook")
        assert any("skipped" in n.message for n in app._notifications)
        assert app.ctx.states["test_message"] == "warn"


# 9 -------------------------------------------------------------------------------------------
async def test_dialogs_show_their_own_keys_not_the_steps(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 1)
        app.ctx.states["verify_token"] = "done"
        app.ctx.values = SetupValues(verify_token="x" * 32)
        await pilot.press("ctrl+q")
        await until(app, pilot, lambda: isinstance(app.screen, ConfirmQuit))
        dialog = app.screen
        assert dialog.query(Footer)  # the dialog's footer covers the step's
        keys = footer_keys(app)
        assert keys.get("escape") == "Stay"
        assert "Back" not in keys.values()
        await pilot.press("escape")
        await until(app, pilot, lambda: app.screen is screen)


async def test_footer_names_what_enter_does_on_every_step(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    """The sandbox happy path by Enter only: footer and button agree at every stop."""
    app = make_wizard()
    expected = [
        ("overview", "Start"),
        ("verify_token", "Generate"),
        ("verify_token", "Continue"),
        ("app_credentials", "Continue"),
        ("access_token", "Inspect"),
        ("access_token", "Continue"),
        ("make_it_last", "Exchange"),
        ("make_it_last", "Continue"),
        ("permissions", "Continue"),
        ("phone_number", "Use this number"),
        ("test_message", "Send"),
        ("test_message", "Continue"),
        ("webhook", "Subscribe"),
        ("webhook", "Continue"),
        ("review", "Write .env"),
        ("review", "Finish"),
    ]
    fills = {
        "app_credentials": {"app-id": world.app.id, "app-secret": world.app.secret},
        "access_token": {"access-token": world.token("short-lived")},
        "test_message": {"recipient": world.recipient_display[0]},
    }
    async with app.run_test(size=(100, 30)) as pilot:
        for step_id, label in expected:
            screen = await step(app, pilot, step_id)
            for input_id, text in fills.pop(step_id, {}).items():
                screen.query_one(f"#{input_id}", Input).value = text
            # state that arrives from workers (rows, the receiver's URL): wait for it
            await until(app, pilot, partial(shows_primary, screen, label))
            await pilot.pause()
            assert (footer_keys(app).get("enter"), primary(screen)) == (label, label), step_id
            await pilot.press("enter")
            await settle(app, pilot)
    assert app.return_value == 0


# 10 ------------------------------------------------------------------------------------------
async def test_no_plain_http_warning_for_the_wizards_own_receiver(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = with_token(make_wizard, world, "system-user")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await goto(app, pilot, 8)
        receiver = app.ctx.services.receiver
        url = screen.query_one("#callback-url", Input)
        await until(app, pilot, lambda: receiver.running and url.value == receiver.url)
        await pilot.pause()
        note = str(screen.query_one("#url-note", Static).render())
        assert "plain http" not in note
        assert "wizard's own receiver" in note
        url.value = "http://my-server.test/webhook"  # a URL the person typed: warned
        await pilot.pause()
        assert "plain http" in str(screen.query_one("#url-note", Static).render())
