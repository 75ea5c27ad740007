"""Issue #4 (what a new user sees at 80x24): cards in view, links, tables, words, focus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.containers import VerticalScroll
from textual.widgets import Button, DataTable, Input, Static

from wizard.core import actions
from wizard.core.state import SetupValues
from wizard.tui.actions import in_wizard
from wizard.tui.app import WizardApp
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.result_card import ResultCard

from .test_happy_path import card_text, settle
from .test_ux_inputs import goto, offline_app


def in_view(screen: StepScreen, widget_id: str) -> bool:
    """Whether the widget's top line is inside the visible part of the step body."""
    body = screen.query_one("#step-body", VerticalScroll)
    top = screen.query_one(f"#{widget_id}").virtual_region.y
    return body.scroll_y <= top < body.scroll_y + body.scrollable_content_region.height


async def test_app_id_error_card_scrolls_into_view_at_80x24(
    tmp_path: Path, monkeypatch: Any, world: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()  # nothing listens: the check fails with a network card
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 2)
        screen.query_one("#app-id", Input).value = world.app.id
        screen.query_one("#app-secret", Input).value = world.app.secret
        await pilot.pause()
        await screen.action_continue()
        await settle(app, pilot)
        await pilot.pause()
        assert screen.query_one("#card", ResultCard).display
        assert in_view(screen, "card")


async def test_settings_link_has_the_app_id(tmp_path: Path, monkeypatch: Any, world: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 2)
        link = screen.query_one("#where", Static)
        assert str(link.render()) == "https://developers.facebook.com/apps/"
        screen.query_one("#app-id", Input).value = world.app.id
        await pilot.pause()
        text = "".join(str(link.content).split())  # at 80 columns it breaks after /apps/
        assert text == f"https://developers.facebook.com/apps/{world.app.id}/settings/basic/"
        assert text == screen.link()  # ctrl+o opens it whole
        assert "{app_id}" not in str(screen.query_one("#step-body").render())


async def mx_wizard(make_wizard: Callable[..., WizardApp], world: Any) -> WizardApp:
    app = make_wizard()
    app.ctx.values = SetupValues(
        app_id=world.app.id,
        app_secret=world.app.secret,
        access_token=world.token("system-user"),
        phone_number_id=world.phone.id,
        waba_id=world.phone.waba_id,
    )
    app.ctx.env_loaded = True
    return app


async def test_mexican_521_number_is_sent_as_52_like_send_test(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = await mx_wizard(make_wizard, world)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 7)
        await settle(app, pilot)
        for _ in range(5):  # the test-number lookup runs quietly in a worker
            await app.workers.wait_for_complete()
            await pilot.pause()
        screen.query_one("#recipient", Input).value = "+521 55 1159 7649"
        await pilot.pause()
        preview = str(screen.query_one("#preview", Static).render())
        assert preview.startswith("Will send to +525511597649. ")
        problem = str(screen.query_one("#recipient-field .problem", Static).render())
        assert problem == ""
        await screen.action_continue()
        await settle(app, pilot)
        text = card_text(screen)
        assert "Meta accepted the message to +525511597649." in text, text
        shown = preview + problem + text
        assert shown.count("instead of") == 1  # the country-code message once


async def test_recipient_error_is_shown_once(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 7)
        screen.query_one("#recipient", Input).value = "07700 900289"
        await pilot.pause()
        await screen.action_continue()
        await pilot.pause()
        problem = str(screen.query_one("#recipient-field .problem", Static).render())
        preview = str(screen.query_one("#preview", Static).render())
        assert "country code" in problem
        assert "country code" not in preview


async def test_sandbox_recipient_example_is_on_the_allow_list(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 7)
        placeholder = screen.query_one("#recipient", Input).placeholder
        assert world.recipient_display[0] in placeholder
        assert placeholder.startswith("e.g. ")  # visibly an example, not a filled-in value


async def test_webhook_card_says_press_subscribe_not_a_command(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = await mx_wizard(make_wizard, world)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 8)
        await settle(app, pilot)
        screen.card.show_lines([])  # the core's words, through the card
        card = screen.query_one("#card", ResultCard)
        card.show_problem(
            "Not subscribed", "", "Subscribe the app.", action=actions.SUBSCRIBE_WEBHOOK
        )
        await pilot.pause()
        text = card_text(screen)
        assert "Press Subscribe" in text
        assert "wa-wizard" not in text


def test_card_actions_are_worded_by_the_step_buttons() -> None:
    fix = "Set up the callback."
    assert in_wizard(fix, actions.SUBSCRIBE_WEBHOOK, "webhook") == fix + " Press Subscribe."
    assert in_wizard("", actions.DOCTOR, "access_token") == "Press Continue."
    assert in_wizard("Send again.", actions.SEND_TEST, "test_message").endswith("Press Continue.")
    assert in_wizard("Test it.", actions.TEST_WEBHOOK, "webhook").endswith("Press Test endpoint.")
    assert in_wizard("", actions.GENERATE_VERIFY_TOKEN, "verify_token") == "Press Generate."
    refresh = actions.REFRESH_SYSTEM_USER_TOKEN
    assert in_wizard("Refresh it.", refresh, "make_it_last") == (
        "Refresh it. Run: wa-wizard exchange --system-user-refresh"  # no button does that
    )
    assert in_wizard("1. a\n2. b", actions.DOCTOR, "review") == "1. a\n2. b\nRun: wa-wizard doctor"
    assert in_wizard("Pick it in the wizard.", actions.SETUP, "phone_number") == (
        "Pick it in the wizard."  # already in it: no words
    )
    assert in_wizard("Nothing to do.", None, "webhook") == "Nothing to do."


def test_every_action_a_button_words_exists() -> None:
    from wizard.tui.actions import BUTTONS

    known = {v.id for v in vars(actions).values() if isinstance(v, actions.Action)}
    assert {a for step in BUTTONS.values() for a in step} <= known


async def test_webhook_buttons_all_visible_at_80x24(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = await mx_wizard(make_wizard, world)
    app.ctx.facts["sent_to"] = world.allow_list[0]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 8)
        await settle(app, pilot)
        right = screen.query_one("#step-body").region.right
        for button in screen.query("#step-body Button").results(Button):
            if button.display:
                assert button.virtual_region.right <= right, button.id


async def test_overview_rows_fit_80_columns(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        keys = str(screen.query_one("#keys", Static).render())
        rows = [line for line in keys.splitlines() if "not set" in line]
        assert len(rows) == 7
        assert len({line.index("not set") for line in rows}) == 1  # one column


async def test_verify_token_placeholder_fits_80x24(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = offline_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 1)
        field = screen.query_one("#verify-token", Input)
        assert len(field.placeholder) <= field.content_region.width


async def test_phone_table_narrows_at_80_columns(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = await mx_wizard(make_wizard, world)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await goto(app, pilot, 6)
        await settle(app, pilot)
        table = screen.query_one("#phones", DataTable)
        assert table.row_count >= 1
        assert table.virtual_size.width <= table.size.width  # nothing cut off
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert len(table.columns) == 6
        assert table.row_count >= 1


async def test_make_it_last_focus_and_enter_exchanges(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = await mx_wizard(make_wizard, world)
    app.ctx.values = SetupValues(
        app_id=world.app.id, app_secret=world.app.secret, access_token=world.token("short-lived")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        from wizard.core.graph import tokens

        app.ctx.facts["token_info"] = await tokens.debug_token(  # as step 4 leaves it
            app.ctx.services.client(world.app.secret),
            world.token("short-lived"),
            app_id=world.app.id,
            app_secret=world.app.secret,
        )
        screen = await goto(app, pilot, 4)
        assert app.focused is not None
        assert app.focused.id == "new-token"  # ready for a pasted system-user token
        await pilot.press("enter")  # empty field: Enter does the step's action, Exchange
        await settle(app, pilot)
        assert app.ctx.values.access_token != world.token("short-lived")
        assert app.screen is screen
        assert "New token" in str(screen.query_one("#expiry", Static).render())
